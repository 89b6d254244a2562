package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.events.EventBusStore.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fires scheduled rules on the local clock: a rule's timer is (re)armed whenever the rule changes,
 * and each firing is handed on with the rule's targets as they are then. Arming and disarming are
 * called holding the store's lock; a firing takes it to see whether the rule changed meanwhile.
 */
record RuleScheduling(LocalClock clock, ClockScheduler scheduler, Object lock, Firing firing) {
  /** What a scheduled rule's firing does. */
  interface Firing {
    void fire(Rule rule, Instant due, List<ObjectNode> targets);
  }

  /** (Re)starts or stops a rule's schedule after any change; takes effect at once. */
  void rearm(Rule rule) {
    disarm(rule);
    if (rule.schedule != null && rule.enabled()) {
      rule.scheduleStart = clock.instant();
      arm(rule, rule.scheduleStart);
    }
  }

  void disarm(Rule rule) {
    if (rule.timer != null) {
      rule.timer.cancel();
      rule.timer = null;
    }
  }

  private void arm(Rule rule, Instant after) {
    Optional<Instant> next = rule.schedule.nextAfter(after, rule.scheduleStart);
    if (next.isEmpty()) {
      return;
    }
    ClockScheduler.Timer[] self = new ClockScheduler.Timer[1];
    self[0] = scheduler.schedule(next.get(), () -> fire(rule, self));
    rule.timer = self[0];
  }

  private void fire(Rule rule, ClockScheduler.Timer[] self) {
    List<ObjectNode> targets;
    Instant due;
    synchronized (lock) {
      ClockScheduler.Timer timer = self[0];
      // A rule changed, disabled or deleted since this timer was set has a new timer or none.
      if (timer == null || rule.timer != timer) {
        return;
      }
      due = timer.due();
      targets = List.copyOf(rule.targets.values());
      // Firings missed while the clock jumped forward (advance) are skipped, not replayed in a burst.
      Instant now = clock.instant();
      arm(rule, now.isAfter(due) ? now : due);
    }
    firing.fire(rule, due, targets);
  }
}
