package dev.mirrorflow.activities.ec2;

import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Turns a failed EC2 SDK call into Mirrorflow's two exceptions, whose error types the state
 * machine's {@code Retry} and {@code Catch} match: {@link TransientEc2Exception} for throttling,
 * 5xx and I/O errors, {@link Ec2RejectedException} for everything EC2 refuses.
 */
public final class Ec2Failures {
  private Ec2Failures() {}

  /** EC2's codes for throttling and for its own passing failures: the state machine retries these. */
  public static final Set<String> TRANSIENT_CODES = Set.of(
      "RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestThrottled",
      "TooManyRequestsException", "EC2ThrottledException",
      "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable");

  /** EC2's error code, or null when the failure carries no error details. */
  public static String code(Ec2Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /** EC2's error message, or the exception's own message when it carries no error details. */
  public static String message(Ec2Exception e) {
    return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
  }

  /**
   * The exception to throw for {@code e}: transient when its code is one of {@link #TRANSIENT_CODES}
   * or its HTTP status is 5xx or 429, a refusal otherwise.
   */
  public static RuntimeException translate(String operation, Ec2Exception e) {
    String code = code(e);
    String message = message(e);
    if ((code != null && TRANSIENT_CODES.contains(code)) || e.statusCode() >= 500 || e.statusCode() == 429) {
      return new TransientEc2Exception(code, "EC2 " + operation + " failed transiently ("
          + code + ", HTTP " + e.statusCode() + "): " + message + "; the state machine retries it", e);
    }
    return new Ec2RejectedException(code, "EC2 refused " + operation + " (" + code + "): " + message, e);
  }

  /** The exception to throw when the call did not reach EC2 at all. */
  public static TransientEc2Exception unreachable(String operation, SdkClientException e) {
    return new TransientEc2Exception("IOError",
        "EC2 " + operation + " did not reach the service: " + e.getMessage() + "; the state machine retries it", e);
  }
}
