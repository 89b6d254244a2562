package dev.mirrorflow.local.scheduler;

import java.time.Instant;

/**
 * How one firing of a schedule ended: delivered to its target, dead-lettered or dropped after its
 * retry policy ran out, or refused outright (a target the local cloud cannot reach).
 *
 * @param scheduleArn the schedule
 * @param targetArn its target
 * @param input what the target was given
 * @param due when the firing was due (its flexible window's offset included)
 * @param delivered whether the target accepted it
 * @param errorCode when not delivered: why
 * @param retries retries made before the outcome
 */
public record ScheduleInvocation(
    String scheduleArn, String targetArn, String input, Instant due, boolean delivered, String errorCode,
    int retries) {}
