package dev.mirrorflow.local.events;

/**
 * What the local EventBridge has done since it started.
 *
 * @param eventsPut entries accepted by PutEvents (plus events forwarded from other buses)
 * @param eventsRejected PutEvents entries answered with an error code
 * @param scheduledEvents events fired by scheduled rules
 * @param ruleMatches matches of an event with an enabled rule
 * @param deliveries deliveries to targets that succeeded
 * @param deliveryFailures delivery attempts that failed (each retry counts)
 * @param retries delivery attempts scheduled again after a failure
 * @param deadLettered events sent to a target's dead-letter queue
 * @param dropped events given up with no dead-letter queue configured
 */
public record EventsCounters(
    long eventsPut,
    long eventsRejected,
    long scheduledEvents,
    long ruleMatches,
    long deliveries,
    long deliveryFailures,
    long retries,
    long deadLettered,
    long dropped) {}
