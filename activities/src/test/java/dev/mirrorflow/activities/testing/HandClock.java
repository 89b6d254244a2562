package dev.mirrorflow.activities.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock a test moves by hand (UTC). */
public class HandClock extends Clock {
  private final AtomicReference<Instant> now = new AtomicReference<>();

  public HandClock(Instant start) {
    now.set(start);
  }

  public void advance(Duration d) {
    now.set(now.get().plus(d));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
