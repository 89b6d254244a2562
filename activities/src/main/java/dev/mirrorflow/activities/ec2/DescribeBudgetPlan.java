package dev.mirrorflow.activities.ec2;

import java.util.Map;
import java.util.Optional;

/**
 * How a cluster keeps its EC2 describe calls under {@code share} of EC2's per-action refill, across
 * any number of concurrent executions and without a datastore: every step that describes gets a
 * reserved concurrency (Lambda runs at most that many instances of it, and throttles the rest with
 * {@code TooManyRequestsException}, which the state machines retry), and each instance limits itself
 * to {@link #perInstanceRate()} calls a second per action ({@link DescribeBudget}). So for every
 * action, the calls a second of the whole cluster are at most the sum of reserved concurrencies times
 * the per-instance rate, which is {@code share x refill}.
 *
 * @param share the fraction of each describe action's refill Mirrorflow may use, in (0, 0.5]
 * @param refillPerSecond the refill assumed of each describe action's bucket (EC2's default for
 *     non-mutating actions is 20 a second; accounts can have raised limits)
 * @param bucketCapacity the bucket size assumed (EC2's default for non-mutating actions is 100)
 */
public record DescribeBudgetPlan(double share, double refillPerSecond, int bucketCapacity) {
  /** Default share: a quarter, well under half, so the account's owners keep most of every bucket. */
  public static final double DEFAULT_SHARE = 0.25;
  /** EC2's default refill of a non-mutating action's bucket, tokens a second. */
  public static final double DEFAULT_REFILL = 20;
  /** EC2's default size of a non-mutating action's bucket. */
  public static final int DEFAULT_CAPACITY = 100;
  /** The largest share: Mirrorflow never plans to take more than half of anybody's bucket. */
  public static final double MAX_SHARE = 0.5;

  /**
   * The reserved concurrency of every step that calls an EC2 describe action. Sized for the work
   * each does at once: routing a burst's events (most answered from the warm cache), planning a few
   * subnets or VPCs, creating and deleting in batches; validating a request is rare.
   */
  public static final Map<String, Integer> RESERVED_CONCURRENCY = Map.of(
      "RouteEvent", 4,
      "PlanSubnet", 4,
      "PlanVpc", 2,
      "PlanScan", 2,
      "CreateSessions", 4,
      "DeleteSessions", 2,
      "ValidateVpcRequest", 1);

  public DescribeBudgetPlan {
    if (!(share > 0) || share > MAX_SHARE) {
      throw new IllegalArgumentException("describeShare must be more than 0 and at most " + MAX_SHARE + ", got " + share);
    }
    if (!(refillPerSecond > 0) || Double.isInfinite(refillPerSecond)) {
      throw new IllegalArgumentException("describeRefill must be a positive number of calls a second, got " + refillPerSecond);
    }
    if (bucketCapacity < 1) {
      throw new IllegalArgumentException("a describe bucket holds at least 1 token, got " + bucketCapacity);
    }
  }

  /** The default plan: a quarter of EC2's default non-mutating refill. */
  public static DescribeBudgetPlan defaults() {
    return new DescribeBudgetPlan(DEFAULT_SHARE, DEFAULT_REFILL, DEFAULT_CAPACITY);
  }

  /** {@code share} of a bucket refilled at {@code refillPerSecond}, holding five seconds' refill as EC2's do. */
  public static DescribeBudgetPlan of(double share, double refillPerSecond) {
    return new DescribeBudgetPlan(share, refillPerSecond, (int) Math.max(1, Math.round(refillPerSecond * 5)));
  }

  /** The reserved concurrency of {@code step}, when it describes. */
  public Optional<Integer> reservedConcurrency(String step) {
    return Optional.ofNullable(RESERVED_CONCURRENCY.get(step));
  }

  /** The sum of the describing steps' reserved concurrencies: the most instances that describe at once. */
  public int totalReserved() {
    return RESERVED_CONCURRENCY.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Calls a second per action for one instance, so that all instances together stay within the share. */
  public double perInstanceRate() {
    return share * refillPerSecond / totalReserved();
  }

  /** The most calls of one action one instance makes at once: its part of the share of the bucket, at least 1. */
  public int perInstanceBurst() {
    return (int) Math.max(1, Math.floor(share * bucketCapacity / totalReserved()));
  }

  /** The environment variables of a step that describes; none for a step that does not. */
  public Map<String, String> variables(String step) {
    if (!RESERVED_CONCURRENCY.containsKey(step)) {
      return Map.of();
    }
    return Map.of(DescribeBudget.RATE_VARIABLE, String.valueOf(perInstanceRate()),
        DescribeBudget.BURST_VARIABLE, String.valueOf(perInstanceBurst()));
  }
}
