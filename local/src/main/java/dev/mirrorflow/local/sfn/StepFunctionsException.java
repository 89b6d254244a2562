package dev.mirrorflow.local.sfn;

/**
 * An error of the Step Functions API, named as AWS names it ({@code ExecutionDoesNotExist},
 * {@code InvalidDefinition}, ...); the API answers it as {@code __type} with HTTP 400.
 */
public final class StepFunctionsException extends RuntimeException {
  private final String code;

  public StepFunctionsException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The AWS error code, e.g. {@code StateMachineDoesNotExist}. */
  public String code() {
    return code;
  }
}
