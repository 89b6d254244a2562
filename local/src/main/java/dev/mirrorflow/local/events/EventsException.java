package dev.mirrorflow.local.events;

/** An error answered to the caller as AWS shapes it: the error code ({@code __type}) and a message. */
final class EventsException extends RuntimeException {
  private final String type;

  EventsException(String type, String message) {
    super(message);
    this.type = type;
  }

  /** The AWS error code, such as {@code ResourceNotFoundException}. */
  String type() {
    return type;
  }

  static EventsException validation(String message) {
    return new EventsException("ValidationException", message);
  }

  static EventsException constraint(String value, String field, String constraint) {
    return validation(
        "1 validation error detected: Value '" + value + "' at '" + field
            + "' failed to satisfy constraint: " + constraint);
  }

  static EventsException limitExceeded() {
    return new EventsException("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
  }
}
