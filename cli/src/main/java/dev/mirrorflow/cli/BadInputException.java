package dev.mirrorflow.cli;

/** The command line or the cloud it points at cannot be used as given; nothing was started. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
