package dev.mirrorflow.local.sfn;

/** A state machine definition that breaks the States Language (the API's {@code InvalidDefinition}). */
public final class InvalidDefinitionException extends RuntimeException {
  public InvalidDefinitionException(String message) {
    super(message);
  }
}
