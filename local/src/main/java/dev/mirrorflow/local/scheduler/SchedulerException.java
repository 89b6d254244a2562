package dev.mirrorflow.local.scheduler;

/**
 * An error the local Scheduler answers as AWS does: the error code (sent as {@code x-amzn-ErrorType}
 * and {@code __type}) and the HTTP status of that code in the Scheduler API reference.
 */
public final class SchedulerException extends RuntimeException {
  private final String code;
  private final int status;

  private SchedulerException(String code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  static SchedulerException validation(String message) {
    return new SchedulerException("ValidationException", 400, message);
  }

  static SchedulerException notFound(String message) {
    return new SchedulerException("ResourceNotFoundException", 404, message);
  }

  static SchedulerException conflict(String message) {
    return new SchedulerException("ConflictException", 409, message);
  }

  static SchedulerException quotaExceeded(String message) {
    return new SchedulerException("ServiceQuotaExceededException", 402, message);
  }
}
