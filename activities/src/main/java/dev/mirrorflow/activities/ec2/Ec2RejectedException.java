package dev.mirrorflow.activities.ec2;

/**
 * EC2 refused a request for a reason that retrying will not fix and that is not about one ENI (e.g.
 * {@code UnauthorizedOperation}, {@code InvalidTrafficMirrorTargetId.NotFound}); fix the cause named
 * in the message (permissions, the VPC's config) and reconcile again.
 */
public class Ec2RejectedException extends RuntimeException {
  private final String errorCode;

  public Ec2RejectedException(String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** EC2's error code. */
  public String errorCode() {
    return errorCode;
  }
}
