package dev.mirrorflow.local.scheduler;

import dev.mirrorflow.local.events.ScheduleExpression;
import java.time.Instant;

/**
 * One schedule as the local Scheduler holds it: what CreateSchedule or UpdateSchedule was given
 * (validated), with its creation and modification times.
 *
 * @param group the schedule group's name
 * @param name the schedule's name, unique in its group
 * @param arn {@code arn:aws:scheduler:REGION:ACCOUNT:schedule/GROUP/NAME}
 * @param expression the parsed {@code rate(...)}, {@code cron(...)} or {@code at(...)} expression
 * @param timezone {@code ScheduleExpressionTimezone}, or null (UTC)
 * @param startDate no firing before it, or null
 * @param endDate no firing after it, or null
 * @param enabled State ENABLED (true) or DISABLED
 * @param description or null
 * @param windowMinutes 0 for FlexibleTimeWindow OFF, else MaximumWindowInMinutes of FLEXIBLE
 * @param target where each firing goes
 * @param deleteAfterCompletion ActionAfterCompletion DELETE
 * @param created CreationDate
 * @param modified LastModificationDate
 */
public record Schedule(
    String group,
    String name,
    String arn,
    ScheduleExpression expression,
    String timezone,
    Instant startDate,
    Instant endDate,
    boolean enabled,
    String description,
    int windowMinutes,
    Target target,
    boolean deleteAfterCompletion,
    Instant created,
    Instant modified) {

  /** The state as the API names it. */
  public String state() {
    return enabled ? "ENABLED" : "DISABLED";
  }

  /**
   * A schedule's target.
   *
   * @param arn the target's ARN (a state machine or Lambda function of the local cloud)
   * @param roleArn the execution role Scheduler assumes
   * @param input the constant input, or null
   * @param maxRetryAttempts RetryPolicy.MaximumRetryAttempts
   * @param maxEventAgeSeconds RetryPolicy.MaximumEventAgeInSeconds
   * @param deadLetterArn DeadLetterConfig.Arn, or null
   */
  public record Target(
      String arn, String roleArn, String input, int maxRetryAttempts, int maxEventAgeSeconds, String deadLetterArn) {}
}
