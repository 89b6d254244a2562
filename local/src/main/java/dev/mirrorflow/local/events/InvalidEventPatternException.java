package dev.mirrorflow.local.events;

/**
 * An event pattern that EventBridge would refuse; the message is AWS's ("Event pattern is not valid.
 * Reason: ...") and names the offending part of the pattern.
 */
public final class InvalidEventPatternException extends RuntimeException {
  InvalidEventPatternException(String reason) {
    super("Event pattern is not valid. Reason: " + reason);
  }
}
