package dev.mirrorflow.activities.ec2;

/**
 * The result of creating one session: created (with its id), or refused by EC2 for this ENI with an
 * error code (e.g. {@code NetworkInterfaceNotSupported}) that retrying will not change.
 *
 * @param sessionId the session id when created, else null
 * @param errorCode EC2's error code when refused, else null
 * @param message EC2's message when refused, else null
 */
public record CreateOutcome(String sessionId, String errorCode, String message) {
  public static CreateOutcome created(String sessionId) {
    return new CreateOutcome(sessionId, null, null);
  }

  public static CreateOutcome refused(String errorCode, String message) {
    return new CreateOutcome(null, errorCode, message);
  }

  public boolean isCreated() {
    return sessionId != null;
  }
}
