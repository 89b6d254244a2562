package dev.mirrorflow.activities.registry;

/**
 * EventBridge could not answer right now (throttled, 5xx or an I/O error); the state machine retries
 * the step.
 */
public class TransientRegistryException extends RuntimeException {
  public TransientRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
