/**
 * The local Amazon EventBridge: {@link dev.mirrorflow.local.events.EventsService} serves the AWS
 * JSON 1.1 protocol on the local cloud's port; {@link dev.mirrorflow.local.events.EventPattern}
 * and {@link dev.mirrorflow.local.events.ScheduleExpression} implement EventBridge's pattern
 * matching and schedule expressions.
 */
package dev.mirrorflow.local.events;
