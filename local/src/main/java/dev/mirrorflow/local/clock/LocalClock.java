package dev.mirrorflow.local.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The local cloud's one clock. Virtual time runs {@code speed} times faster than real time and can
 * also be jumped forward with {@link #advance(Duration)}, so that a 30-second retry backoff, a
 * one-minute schedule or a token bucket's refill does not make a test wait for real.
 *
 * <p>Everything time-dependent in the local cloud (Step Functions waits and retries, EventBridge
 * schedules, EC2 token buckets and latency) reads and sleeps on the same instance, so a sped-up
 * clock keeps their ratios intact.
 */
public final class LocalClock extends Clock {
  private final Object lock = new Object();
  private long virtualBaseNanos;
  private long realBaseNanos;
  private double speed;

  private LocalClock(Instant start, double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("clock speed must be positive, got " + speed);
    }
    this.virtualBaseNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    this.realBaseNanos = System.nanoTime();
    this.speed = speed;
  }

  /** A clock that follows real time. */
  public static LocalClock create() {
    return new LocalClock(Instant.now(), 1.0);
  }

  /** A clock that starts now and runs {@code speed} times faster than real time. */
  public static LocalClock speeded(double speed) {
    return new LocalClock(Instant.now(), speed);
  }

  /** Virtual seconds per real second. */
  public double speed() {
    synchronized (lock) {
      return speed;
    }
  }

  /** Changes the speed from now on; virtual time already elapsed is kept. */
  public void setSpeed(double newSpeed) {
    if (!(newSpeed > 0)) {
      throw new IllegalArgumentException("clock speed must be positive, got " + newSpeed);
    }
    synchronized (lock) {
      rebase();
      speed = newSpeed;
      lock.notifyAll();
    }
  }

  /** Jumps virtual time forward, waking every sleeper whose deadline has now passed. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go backwards: " + duration);
    }
    synchronized (lock) {
      rebase();
      virtualBaseNanos += duration.toNanos();
      lock.notifyAll();
    }
  }

  /** Blocks until {@code duration} of virtual time has passed. */
  public void sleep(Duration duration) throws InterruptedException {
    sleepUntil(instant().plus(duration));
  }

  /** Blocks until virtual time reaches {@code deadline}. */
  public void sleepUntil(Instant deadline) throws InterruptedException {
    long deadlineNanos = deadline.getEpochSecond() * 1_000_000_000L + deadline.getNano();
    synchronized (lock) {
      while (true) {
        long remainingVirtual = deadlineNanos - nowNanosLocked();
        if (remainingVirtual <= 0) {
          return;
        }
        long realNanos = (long) Math.ceil(remainingVirtual / speed);
        long millis = Math.max(1, realNanos / 1_000_000L);
        lock.wait(millis);
      }
    }
  }

  /** Converts a virtual duration into the real time it takes at the current speed. */
  public Duration toReal(Duration virtual) {
    synchronized (lock) {
      return Duration.ofNanos((long) Math.ceil(virtual.toNanos() / speed));
    }
  }

  /** Virtual nanoseconds since the epoch; monotonic. */
  public long nanos() {
    synchronized (lock) {
      return nowNanosLocked();
    }
  }

  @Override
  public Instant instant() {
    long n = nanos();
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  @Override
  public long millis() {
    return nanos() / 1_000_000L;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("the local clock runs in UTC only");
  }

  private long nowNanosLocked() {
    return virtualBaseNanos + (long) ((System.nanoTime() - realBaseNanos) * speed);
  }

  private void rebase() {
    long real = System.nanoTime();
    virtualBaseNanos += (long) ((real - realBaseNanos) * speed);
    realBaseNanos = real;
  }
}
