package dev.mirrorflow.activities.ec2;

import dev.mirrorflow.activities.aws.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One function instance's share of EC2's describe budget: a token bucket per describe action
 * ({@code rate} tokens a second, at most {@code burst}), as EC2 keeps one bucket per action and
 * account ("Request throttling for the Amazon EC2 API"). A call waits for its action's token before
 * it is sent. The cluster's whole budget is this bucket times the reserved concurrency of every
 * function that describes ({@link DescribeBudgetPlan}): no datastore is needed to keep concurrent
 * executions within it, because Lambda never runs more instances of a function than its reserved
 * concurrency and each instance serves one invocation at a time.
 */
public final class DescribeBudget {
  /** Environment variable: tokens a second per describe action for one instance (absent: no budget). */
  public static final String RATE_VARIABLE = "MIRRORFLOW_DESCRIBE_RATE";
  /** Environment variable: the most tokens one instance's bucket holds per action (default 1). */
  public static final String BURST_VARIABLE = "MIRRORFLOW_DESCRIBE_BURST";

  /** Waits for {@code duration}; the real one sleeps, tests advance a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final Sleeper THREAD_SLEEP = d -> Thread.sleep(Math.max(1, d.toMillis()));
  // Sleep in short steps and re-read the clock: the local cloud's clock may run faster than real time.
  private static final Duration MAX_STEP = Duration.ofMillis(100);

  private final double rate;
  private final double burst;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<String, double[]> buckets = new HashMap<>();

  private DescribeBudget(double rate, double burst, Clock clock, Sleeper sleeper) {
    this.rate = rate;
    this.burst = burst;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * A bucket per action of {@code rate} tokens a second holding at most {@code burst}, full at first.
   *
   * @throws IllegalArgumentException when the rate is not positive or the burst is below 1
   */
  public static DescribeBudget of(double rate, int burst, Clock clock, Sleeper sleeper) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("a describe rate must be a positive number of calls a second, got " + rate);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("a describe burst must be at least 1 call, got " + burst);
    }
    return new DescribeBudget(rate, burst, clock, sleeper);
  }

  /** No budget: every call goes at once (tools, tests, and clusters deployed without one). */
  public static DescribeBudget unlimited() {
    return new DescribeBudget(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Clock.systemUTC(), THREAD_SLEEP);
  }

  /**
   * The budget {@link #RATE_VARIABLE} and {@link #BURST_VARIABLE} set, on {@code clock}; unlimited
   * when the rate is unset.
   *
   * @throws IllegalArgumentException when a variable is not a number in range
   */
  public static DescribeBudget fromEnvironment(Environment env, Clock clock) {
    String rate = env.variable(RATE_VARIABLE, null);
    if (rate == null) {
      return unlimited();
    }
    try {
      return of(Double.parseDouble(rate), Integer.parseInt(env.variable(BURST_VARIABLE, "1")), clock, THREAD_SLEEP);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(RATE_VARIABLE + " must be a number of calls a second and "
          + BURST_VARIABLE + " a whole number of calls, got '" + rate + "' and '"
          + env.variable(BURST_VARIABLE, "1") + "'", e);
    }
  }

  /** Whether calls are limited at all. */
  public boolean limited() {
    return !Double.isInfinite(rate);
  }

  /** Tokens a second per action. */
  public double rate() {
    return rate;
  }

  /**
   * Takes one token of {@code action}'s bucket, waiting until the bucket has one. One instance serves
   * one invocation at a time, so the wait is at most one refill interval.
   *
   * @throws TransientEc2Exception when interrupted while waiting (the state machine retries the step)
   */
  public void take(String action) {
    if (!limited()) {
      return;
    }
    while (true) {
      Duration wait;
      synchronized (this) {
        long now = clock.millis();
        double[] b = buckets.computeIfAbsent(action, a -> new double[] {burst, now});
        b[0] = Math.min(burst, b[0] + (now - b[1]) / 1000.0 * rate);
        b[1] = now;
        if (b[0] >= 1) {
          b[0] -= 1;
          return;
        }
        wait = Duration.ofMillis((long) Math.ceil((1 - b[0]) / rate * 1000));
      }
      try {
        sleeper.sleep(wait.compareTo(MAX_STEP) > 0 ? MAX_STEP : wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientEc2Exception("DescribeBudgetInterrupted",
            "interrupted while waiting for the describe budget of " + action + "; the state machine retries it", e);
      }
    }
  }
}
