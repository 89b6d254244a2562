package dev.mirrorflow.local.scheduler;

/**
 * What the local Scheduler has done so far.
 *
 * @param schedules schedules that exist now
 * @param firings firings of schedules (each invokes its target once, retries aside)
 * @param delivered firings their target accepted
 * @param retries retried invocations
 * @param failed firings that ended undelivered (dead-lettered or dropped)
 */
public record SchedulerCounters(long schedules, long firings, long delivered, long retries, long failed) {}
