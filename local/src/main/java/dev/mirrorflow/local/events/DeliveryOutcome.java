package dev.mirrorflow.local.events;

/**
 * How the delivery of one event to one target ended, reported to the listeners added with {@link
 * EventsService#addDeliveryListener}: delivered, sent to the dead-letter queue, or dropped.
 *
 * @param ruleArn the rule that matched (or fired)
 * @param targetId the target's id within the rule
 * @param targetArn the target's ARN
 * @param eventId the event's id
 * @param input what the target received (or would have), null when the input transformation failed
 * @param status how it ended
 * @param errorCode the last error code, null when delivered
 * @param errorMessage the last error message, null when delivered
 * @param retryAttempts how many times delivery was retried
 */
public record DeliveryOutcome(
    String ruleArn,
    String targetId,
    String targetArn,
    String eventId,
    String input,
    Status status,
    String errorCode,
    String errorMessage,
    int retryAttempts) {

  /** How a delivery ended. */
  public enum Status {
    DELIVERED,
    DEAD_LETTERED,
    DROPPED
  }
}
