package dev.mirrorflow.activities.scan;

/**
 * Step Functions could not answer right now (throttled, 5xx or an I/O error); the state machine
 * retries the step.
 */
public class TransientStepFunctionsException extends RuntimeException {
  public TransientStepFunctionsException(String message, Throwable cause) {
    super(message, cause);
  }
}
