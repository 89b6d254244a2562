package dev.mirrorflow.activities.ec2;

import dev.mirrorflow.activities.aws.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One function instance's share of EC2's describe budget: a token bucket per describe action
 * (its own rate, at most {@code burst} tokens), as EC2 keeps one bucket per action and account
 * ("Request throttling for the Amazon EC2 API": each API is evaluated individually). A call waits for
 * its action's token before it is sent. The cluster's whole budget of an action is this bucket times
 * the reserved concurrency of every function that calls the action ({@link DescribeBudgetPlan}): no
 * datastore is needed to keep concurrent executions within it, because Lambda never runs more
 * instances of a function than its reserved concurrency and each instance serves one invocation at a
 * time.
 */
public final class DescribeBudget {
  /**
   * Environment variable: calls a second for one instance, either per action
   * ({@code DescribeInstances=1.5,DescribeSubnets=1.25}) or one number for every action (absent: no
   * budget).
   */
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

  private final Map<String, Double> rates;
  private final double otherRate;
  private final double burst;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<String, double[]> buckets = new HashMap<>();

  private DescribeBudget(Map<String, Double> rates, double otherRate, double burst, Clock clock, Sleeper sleeper) {
    this.rates = Map.copyOf(rates);
    this.otherRate = otherRate;
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
    requireRate("a describe rate", rate);
    requireBurst(burst);
    return new DescribeBudget(Map.of(), rate, burst, clock, sleeper);
  }

  /**
   * A bucket per action of its rate in {@code rates} (tokens a second), holding at most {@code burst},
   * full at first. An action {@code rates} does not name (a step calling an action its plan does not
   * list) gets the lowest of the rates, so that it stays within the budget's spirit rather than escape it.
   *
   * @throws IllegalArgumentException when there is no rate, a rate is not positive or the burst is below 1
   */
  public static DescribeBudget of(Map<String, Double> rates, int burst, Clock clock, Sleeper sleeper) {
    if (rates.isEmpty()) {
      throw new IllegalArgumentException("a describe budget by action needs at least one action's rate");
    }
    rates.forEach((action, rate) -> requireRate(action + "'s describe rate", rate));
    requireBurst(burst);
    double lowest = rates.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    return new DescribeBudget(rates, lowest, burst, clock, sleeper);
  }

  private static void requireRate(String what, double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(what + " must be a positive number of calls a second, got " + rate);
    }
  }

  private static void requireBurst(int burst) {
    if (burst < 1) {
      throw new IllegalArgumentException("a describe burst must be at least 1 call, got " + burst);
    }
  }

  /** No budget: every call goes at once (tools, tests, and clusters deployed without one). */
  public static DescribeBudget unlimited() {
    return new DescribeBudget(Map.of(), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Clock.systemUTC(), THREAD_SLEEP);
  }

  /**
   * The budget {@link #RATE_VARIABLE} and {@link #BURST_VARIABLE} set, on {@code clock}; unlimited
   * when the rate is unset.
   *
   * @throws IllegalArgumentException when a variable is not a number in range, or a rate by action
   *     is not written {@code Action=rate}
   */
  public static DescribeBudget fromEnvironment(Environment env, Clock clock) {
    String rate = env.variable(RATE_VARIABLE, null);
    if (rate == null) {
      return unlimited();
    }
    String burst = env.variable(BURST_VARIABLE, "1");
    try {
      if (!rate.contains("=")) {
        return of(Double.parseDouble(rate), Integer.parseInt(burst), clock, THREAD_SLEEP);
      }
      return of(rates(rate), Integer.parseInt(burst), clock, THREAD_SLEEP);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(RATE_VARIABLE + " must be a number of calls a second, or"
          + " Action=rate pairs separated by commas, and " + BURST_VARIABLE + " a whole number of calls, got '"
          + rate + "' and '" + burst + "'", e);
    }
  }

  /**
   * The rates by action that {@code value} writes as {@code Action=rate} pairs separated by commas
   * ({@link DescribeBudgetPlan#variables(String)} writes them so).
   *
   * @throws NumberFormatException when a pair is not {@code Action=rate}, a rate is not a number, or
   *     an action is named twice
   */
  public static Map<String, Double> rates(String value) {
    Map<String, Double> rates = new TreeMap<>();
    for (String entry : value.split(",")) {
      String[] kv = entry.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || rates.put(kv[0].trim(), Double.parseDouble(kv[1].trim())) != null) {
        throw new NumberFormatException("'" + entry + "' is not Action=rate, or names its action twice");
      }
    }
    return rates;
  }

  /** Whether calls are limited at all. */
  public boolean limited() {
    return !Double.isInfinite(otherRate);
  }

  /** Tokens a second of {@code action}'s bucket. */
  public double rate(String action) {
    return rates.getOrDefault(action, otherRate);
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
    double rate = rate(action);
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
