package dev.mirrorflow.activities.ec2;

import dev.mirrorflow.activities.aws.AwsFailures;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Turns a failed EC2 SDK call into Mirrorflow's two exceptions, whose error types the state
 * machine's {@code Retry} and {@code Catch} match: {@link TransientEc2Exception} for throttling,
 * 5xx and I/O errors, {@link Ec2RejectedException} for everything EC2 refuses.
 */
public final class Ec2Failures {
  private Ec2Failures() {}

  /** EC2's error code, or null when the failure carries no error details. */
  public static String code(Ec2Exception e) {
    return AwsFailures.code(e);
  }

  /** EC2's error message, or the exception's own message when it carries no error details. */
  public static String message(Ec2Exception e) {
    return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
  }

  /** The exception to throw for {@code e}: transient when {@link AwsFailures#isTransient} says so, a refusal otherwise. */
  public static RuntimeException translate(String operation, Ec2Exception e) {
    String code = code(e);
    String message = message(e);
    if (AwsFailures.isTransient(e)) {
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
