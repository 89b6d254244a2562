package dev.mirrorflow.local.sfn;

/**
 * A named error raised while a state runs: a task's error, a Fail state, or one of the
 * {@code States.*} runtime errors of the States Language. {@code Retry} and {@code Catch} match on
 * {@link #error()}.
 */
public final class StatesException extends RuntimeException {
  /** A runtime error no {@code Retry} or {@code Catch} can handle. */
  public static final String RUNTIME = "States.Runtime";
  public static final String ALL = "States.ALL";
  public static final String TIMEOUT = "States.Timeout";
  public static final String TASK_FAILED = "States.TaskFailed";
  public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
  public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
  public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
  public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
  public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
  public static final String BRANCH_FAILED = "States.BranchFailed";
  public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";

  private final String error;
  private final String cause;

  public StatesException(String error, String cause) {
    super(error + (cause == null || cause.isEmpty() ? "" : ": " + cause));
    this.error = error;
    this.cause = cause;
  }

  /** The error name, e.g. {@code States.Timeout} or an exception's class name. */
  public String error() {
    return error;
  }

  /** The human-readable cause, possibly null. */
  public String cause() {
    return cause;
  }
}
