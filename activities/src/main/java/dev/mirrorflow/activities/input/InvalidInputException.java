package dev.mirrorflow.activities.input;

/**
 * A step's input is malformed (a malformed id, a missing field, not JSON). Nothing was changed; fix
 * the caller (the execution's input or the event that started it).
 */
public class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }
}
