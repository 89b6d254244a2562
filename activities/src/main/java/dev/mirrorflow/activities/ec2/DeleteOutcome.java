package dev.mirrorflow.activities.ec2;

/** The result of deleting one session. "Not found" is success: the session is gone either way. */
public enum DeleteOutcome {
  DELETED,
  ALREADY_GONE
}
