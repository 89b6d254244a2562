package dev.mirrorflow.activities.session;

import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Paces one invocation's mutating EC2 calls (create and delete session) once EC2 throttles them, so that
 * a batch that meets an empty mutating bucket keeps going at about the bucket's refill rate instead of
 * failing and sitting idle in the state machine's backoff.
 *
 * <p>EC2 answers {@code RequestLimitExceeded} when an account's bucket for an action is empty; the
 * mutating actions' bucket refills about 5 tokens a second ("Request throttling for the Amazon EC2
 * API"). After a throttled call the pacer waits one refill interval and tries again; each further
 * throttle doubles the wait (up to {@link #MAX_DELAY}), each success shortens it by a twentieth, and
 * once it is a quarter of the refill interval the calls go unpaced again. So a lone batch settles at
 * the refill rate, and batches of other subnets sharing the bucket each settle at their share, learnt
 * from EC2's answers rather than assumed. Only the error code is read, never the message.
 *
 * <p>It waits only while the invocation has time left: when the next wait would leave less than
 * {@link #MARGIN} of the function's remaining time (Lambda's context), the throttle is rethrown as
 * today ({@link TransientEc2Exception}) and the state machine's retry takes the rest of the batch;
 * any other transient failure is rethrown at once. A retried create is safe: its client token is fixed.
 *
 * <p>Not the SDK's {@code AdaptiveRetryStrategy}: its documentation asks that its scope be one
 * resource, while one EC2 client here makes describe calls (their own buckets) and mutating calls, so
 * a create's throttle would slow the describes too; its waits are not bounded by the invocation's
 * remaining time; and retries inside the SDK would hide the attempts from the step's log.
 */
public final class MutatingPacer {
  /** EC2's error code for an empty bucket. */
  public static final String THROTTLED = "RequestLimitExceeded";
  /** One token of EC2's mutating bucket: it refills about 5 a second. */
  public static final Duration REFILL_INTERVAL = Duration.ofMillis(200);
  /** The longest wait between two throttled calls. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(5);
  /** Time the invocation keeps for its last call, its tags and its answer after the last wait. */
  public static final Duration MARGIN = Duration.ofSeconds(10);
  static final double SLOW_DOWN = 2.0;
  static final double SPEED_UP = 0.95;

  /** Waits; a real one sleeps the thread, a test's advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Sleeper sleeper;
  private final LongSupplier remainingMillis;
  private long delayMillis;
  private int throttled;
  private long waitedMillis;

  /**
   * @param sleeper how to wait
   * @param remainingMillis the invocation's remaining time (Lambda's {@code Context#getRemainingTimeInMillis})
   */
  public MutatingPacer(Sleeper sleeper, LongSupplier remainingMillis) {
    this.sleeper = sleeper;
    this.remainingMillis = remainingMillis;
  }

  /**
   * Paces within the invocation's remaining time, and waits on the same clock: until the remaining
   * time has dropped by the wait (the local cloud's Lambda counts it on its own clock, which a test
   * may run faster than real time).
   */
  public static MutatingPacer within(LongSupplier remainingMillis) {
    return new MutatingPacer(d -> {
      long until = remainingMillis.getAsLong() - d.toMillis();
      for (long now = until + d.toMillis(); now > until && now > 0; now = remainingMillis.getAsLong()) {
        Thread.sleep(Math.min(now - until, 10));
      }
    }, remainingMillis);
  }

  /** Never waits: the first throttle is rethrown (an invocation whose remaining time is unknown). */
  public static MutatingPacer unpaced() {
    return new MutatingPacer(d -> { }, () -> 0);
  }

  /** Makes one mutating call, waiting and trying again while EC2 throttles it and time allows. */
  public <T> T call(Supplier<T> mutatingCall) {
    while (true) {
      if (delayMillis > 0) {
        waitFor(delayMillis);
      }
      try {
        T result = mutatingCall.get();
        long faster = (long) (delayMillis * SPEED_UP);
        delayMillis = faster < REFILL_INTERVAL.toMillis() / 4 ? 0 : faster;
        return result;
      } catch (TransientEc2Exception e) {
        if (!THROTTLED.equals(e.errorCode())) {
          throw e;
        }
        throttled++;
        long slower = Math.min(MAX_DELAY.toMillis(),
            Math.max(REFILL_INTERVAL.toMillis(), (long) (delayMillis * SLOW_DOWN)));
        if (remainingMillis.getAsLong() - slower < MARGIN.toMillis()) {
          throw e;
        }
        delayMillis = slower;
      }
    }
  }

  /** Calls EC2 throttled in this invocation. */
  public int throttled() {
    return throttled;
  }

  /** Time spent waiting for EC2's bucket to refill. */
  public Duration waited() {
    return Duration.ofMillis(waitedMillis);
  }

  private void waitFor(long millis) {
    try {
      sleeper.sleep(Duration.ofMillis(millis));
      waitedMillis += millis;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientEc2Exception(THROTTLED, "interrupted while waiting for EC2's mutating bucket to refill;"
          + " the state machine retries the batch", e);
    }
  }
}
