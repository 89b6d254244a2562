package dev.mirrorflow.local.sfn.handlers;

/** The error the test handlers throw; Retry and Catch match its fully qualified name. */
public final class TestFailureException extends RuntimeException {
  public TestFailureException(String message) {
    super(message);
  }
}
