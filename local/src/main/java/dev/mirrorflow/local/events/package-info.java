/**
 * The local Amazon EventBridge: {@link dev.mirrorflow.local.events.EventsService} serves the AWS
 * JSON 1.1 protocol on the local cloud's port; {@link dev.mirrorflow.local.events.EventPattern}
 * matches event patterns with Event Ruler, EventBridge's own engine, and {@link
 * dev.mirrorflow.local.events.ScheduleExpression} reads EventBridge's schedule expressions.
 */
package dev.mirrorflow.local.events;
