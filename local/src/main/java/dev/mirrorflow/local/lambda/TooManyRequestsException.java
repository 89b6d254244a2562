package dev.mirrorflow.local.lambda;

/**
 * Lambda throttled the invocation: the function already runs as many instances as its reserved
 * concurrency allows ({@code ReservedFunctionConcurrentInvocationLimitExceeded}).
 */
public final class TooManyRequestsException extends RuntimeException {
  /** Lambda's reason for a throttle at the function's reserved concurrency. */
  public static final String RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded";

  public TooManyRequestsException(String message) {
    super(message);
  }
}
