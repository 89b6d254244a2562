package dev.mirrorflow.activities.ec2;

/**
 * EC2 could not do it right now: throttled ({@code RequestLimitExceeded}, {@code Throttling}), a 5xx,
 * or an I/O error. The state machine retries the step with backoff; every step is safe to repeat.
 */
public class TransientEc2Exception extends RuntimeException {
  private final String errorCode;

  public TransientEc2Exception(String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** EC2's error code, or {@code IOError} when the service was not reached. */
  public String errorCode() {
    return errorCode;
  }
}
