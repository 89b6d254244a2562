package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * A target's {@code RetryPolicy}, as EventBridge rules and Scheduler schedules both have it: a failed
 * call is retried with exponential backoff until either limit is reached.
 *
 * @param maximumRetryAttempts retries after the first attempt, 0 to 185
 * @param maximumEventAgeSeconds how long after the first attempt retries may still start, 60 to 86,400
 */
public record RetryPolicy(int maximumRetryAttempts, int maximumEventAgeSeconds) {
  /** The defaults: 185 retries within 24 hours. */
  public static final int DEFAULT_RETRY_ATTEMPTS = 185;
  public static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** The policy of a target's JSON {@code RetryPolicy} (missing or partial: the defaults). */
  public static RetryPolicy of(JsonNode policy) {
    return new RetryPolicy(policy.path("MaximumRetryAttempts").asInt(DEFAULT_RETRY_ATTEMPTS),
        policy.path("MaximumEventAgeInSeconds").asInt(DEFAULT_EVENT_AGE_SECONDS));
  }

  /**
   * What follows a failed, retriable attempt: a retry at {@code at}, or none because the condition
   * named by {@code exhausted} ({@code MaximumRetryAttempts} or {@code MaximumEventAgeInSeconds}) ran out.
   */
  public record Next(Instant at, String exhausted) {
    public boolean retry() {
      return at != null;
    }
  }

  /** After a failed attempt with {@code retriesDone} retries made, the first attempt at {@code first}. */
  public Next afterFailure(int retriesDone, Instant now, Instant first) {
    if (retriesDone >= maximumRetryAttempts) {
      return new Next(null, "MaximumRetryAttempts");
    }
    Duration backoff = Duration.ofSeconds(1L << Math.min(retriesDone, 20));
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    Instant next = now.plus(backoff);
    if (next.isAfter(first.plusSeconds(maximumEventAgeSeconds))) {
      return new Next(null, "MaximumEventAgeInSeconds");
    }
    return new Next(next, null);
  }
}
