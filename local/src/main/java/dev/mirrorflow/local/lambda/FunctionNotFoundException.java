package dev.mirrorflow.local.lambda;

/** No function of that name exists in the local Lambda (Lambda's {@code ResourceNotFoundException}). */
public final class FunctionNotFoundException extends RuntimeException {
  public FunctionNotFoundException(String message) {
    super(message);
  }
}
