/**
 * The local EventBridge Scheduler: schedule groups and schedules over the REST-JSON protocol of the
 * SDK's {@code SchedulerClient} and the AWS CLI ({@code aws scheduler}), fired on the local cloud's
 * clock into the targets of the same cloud (Step Functions, Lambda).
 */
package dev.mirrorflow.local.scheduler;
