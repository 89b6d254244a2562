package dev.mirrorflow.local.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What deliveries came to: how many are under way (so that one can wait until none is), the dead
 * letters kept in memory for want of SQS, and the listeners told of each delivery's end.
 */
final class DeliveryOutcomes {
  private final Map<String, List<DeadLetter>> deadLetters = new LinkedHashMap<>();
  private final List<Consumer<DeliveryOutcome>> listeners = new CopyOnWriteArrayList<>();
  private final Object idle = new Object();
  private int inFlight;

  Map<String, List<DeadLetter>> deadLetters() {
    synchronized (deadLetters) {
      Map<String, List<DeadLetter>> copy = new LinkedHashMap<>();
      deadLetters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return Collections.unmodifiableMap(copy);
    }
  }

  List<DeadLetter> deadLetters(String deadLetterArn) {
    synchronized (deadLetters) {
      return List.copyOf(deadLetters.getOrDefault(deadLetterArn, List.of()));
    }
  }

  void deadLettered(DeadLetter letter) {
    synchronized (deadLetters) {
      deadLetters.computeIfAbsent(letter.deadLetterArn(), k -> new ArrayList<>()).add(letter);
    }
  }

  void addListener(Consumer<DeliveryOutcome> listener) {
    listeners.add(listener);
  }

  void removeListener(Consumer<DeliveryOutcome> listener) {
    listeners.remove(listener);
  }

  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, remaining);
      }
      return true;
    }
  }

  int inFlight() {
    synchronized (idle) {
      return inFlight;
    }
  }

  /** Forgets the deliveries under way (their threads have been stopped), waking whoever awaits idle. */
  void abandon() {
    synchronized (idle) {
      inFlight = 0;
      idle.notifyAll();
    }
  }

  void begin() {
    synchronized (idle) {
      inFlight++;
    }
  }

  /** A delivery has ended: the listeners hear of it before it stops counting as under way. */
  void ended(DeliveryOutcome outcome) {
    try {
      for (Consumer<DeliveryOutcome> listener : listeners) {
        listener.accept(outcome);
      }
    } finally {
      end();
    }
  }

  /** A delivery has ended unheard of (its threads were stopped). */
  void end() {
    synchronized (idle) {
      inFlight--;
      if (inFlight <= 0) {
        inFlight = 0;
        idle.notifyAll();
      }
    }
  }
}
