package dev.mirrorflow.local.sfn;

/** An execution's status, as the API reports it. */
public enum ExecutionStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  ABORTED
}
