package dev.mirrorflow.local.events;

import java.util.concurrent.atomic.AtomicLong;

/** The counters as they run, shared by routing and delivery; {@link #snapshot()} reads them. */
final class RunningCounters {
  final AtomicLong eventsPut = new AtomicLong();
  final AtomicLong eventsRejected = new AtomicLong();
  final AtomicLong scheduledEvents = new AtomicLong();
  final AtomicLong ruleMatches = new AtomicLong();
  final AtomicLong deliveries = new AtomicLong();
  final AtomicLong deliveryFailures = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();

  EventsCounters snapshot() {
    return new EventsCounters(
        eventsPut.get(),
        eventsRejected.get(),
        scheduledEvents.get(),
        ruleMatches.get(),
        deliveries.get(),
        deliveryFailures.get(),
        retries.get(),
        deadLettered.get(),
        dropped.get());
  }
}
