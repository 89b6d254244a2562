package dev.mirrorflow.local.events;

import java.time.Instant;
import java.util.Map;

/**
 * One event that could not be delivered to a rule's target and went to the target's
 * {@code DeadLetterConfig} queue. The local cloud has no SQS, so dead letters are kept in memory,
 * per queue ARN, for tests and people to inspect.
 *
 * @param deadLetterArn the queue ARN from the target's {@code DeadLetterConfig}
 * @param body what EventBridge writes to the queue: the event
 * @param input what the target would have received (after Input, InputPath or InputTransformer)
 * @param attributes the message attributes EventBridge adds: {@code ERROR_CODE},
 *     {@code ERROR_MESSAGE}, {@code EXHAUSTED_RETRY_CONDITION} (when retries ran out),
 *     {@code RETRY_ATTEMPTS}, {@code RULE_ARN}, {@code TARGET_ARN}
 * @param at when it was dead-lettered, on the local clock
 */
public record DeadLetter(
    String deadLetterArn, String body, String input, Map<String, String> attributes, Instant at) {
  public DeadLetter {
    attributes = Map.copyOf(attributes);
  }
}
