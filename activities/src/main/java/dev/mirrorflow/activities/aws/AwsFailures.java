package dev.mirrorflow.activities.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The one answer to "is this failure worth retrying?" for every AWS service Mirrorflow calls:
 * throttling (the SDK's own test: HTTP 429 or a throttling error code such as {@code
 * RequestLimitExceeded} or {@code ThrottlingException}) or the service's own passing failure (a 5xx,
 * or an internal-error code). Everything else is a refusal that repeating will not change.
 */
public final class AwsFailures {
  private AwsFailures() {}

  /** Error codes of a service's own passing failure, for services that answer them without a 5xx. */
  public static final Set<String> SERVER_CODES =
      Set.of("InternalError", "InternalFailure", "InternalServerException", "ServiceUnavailable", "Unavailable");

  /** Whether {@code e} is throttling or the service's own passing failure. */
  public static boolean isTransient(AwsServiceException e) {
    return e.isThrottlingException() || e.statusCode() >= 500 || SERVER_CODES.contains(code(e));
  }

  /** The service's error code, or null when the failure carries no error details. */
  public static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
