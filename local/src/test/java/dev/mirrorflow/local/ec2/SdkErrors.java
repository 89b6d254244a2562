package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** What the SDK reports when the local EC2 answers an error. */
final class SdkErrors {
  private SdkErrors() {}

  /** Runs the call, which must fail with an AWS service error, and returns that error. */
  static AwsServiceException errorOf(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the call should fail with an AWS service error").isInstanceOf(AwsServiceException.class);
    return (AwsServiceException) thrown;
  }

  /** The EC2 error code the call fails with. */
  static String codeOf(ThrowingCallable call) {
    AwsServiceException e = errorOf(call);
    assertThat(e.requestId()).as("every EC2 error carries a request id").isNotBlank();
    return e.awsErrorDetails().errorCode();
  }
}
