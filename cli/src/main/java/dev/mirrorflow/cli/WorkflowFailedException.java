package dev.mirrorflow.cli;

/** A workflow execution ended in failure; the message carries its error and cause. */
public final class WorkflowFailedException extends RuntimeException {
  public WorkflowFailedException(String message) {
    super(message);
  }
}
