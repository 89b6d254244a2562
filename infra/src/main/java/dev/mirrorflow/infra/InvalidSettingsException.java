package dev.mirrorflow.infra;

/** The app cannot build a stack from what it was given: a context value, a file, a definition. */
public class InvalidSettingsException extends RuntimeException {

  /** With a message saying what is wrong and how to fix it. */
  public InvalidSettingsException(String message) {
    super(message);
  }

  /** With a message saying what is wrong and how to fix it, and the cause. */
  public InvalidSettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
