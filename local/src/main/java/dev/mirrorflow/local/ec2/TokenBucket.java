package dev.mirrorflow.local.ec2;

import dev.mirrorflow.local.clock.LocalClock;

/** A token bucket that refills on the local clock, as EC2 throttles each account's calls. */
final class TokenBucket {
  private final LocalClock clock;
  private final Ec2Knobs.Bucket shape;
  private double tokens;
  private long lastNanos;

  TokenBucket(LocalClock clock, Ec2Knobs.Bucket shape) {
    this.clock = clock;
    this.shape = shape;
    this.tokens = shape.capacity();
    this.lastNanos = clock.nanos();
  }

  Ec2Knobs.Bucket shape() {
    return shape;
  }

  /** Takes one token if there is one. */
  synchronized boolean tryTake() {
    long now = clock.nanos();
    tokens = Math.min(shape.capacity(), tokens + (now - lastNanos) / 1e9 * shape.refillPerSecond());
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
