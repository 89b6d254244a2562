package dev.mirrorflow.activities.ec2;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a cluster keeps its EC2 describe calls under {@code share} of EC2's per-action refill, across
 * any number of concurrent executions and without a datastore: every step that describes gets a
 * reserved concurrency (Lambda runs at most that many instances of it, and throttles the rest with
 * {@code TooManyRequestsException}, which the state machines retry), and each instance limits itself
 * to {@link #rate(String)} calls a second per action ({@link DescribeBudget}). So for every action,
 * the calls a second of the whole cluster are at most the sum over steps of reserved concurrency
 * times rate, which is {@code share x refill}.
 *
 * <p>The share is split by {@link StepShare#weight()}, not evenly: PlanVpc and PlanScan read a whole
 * VPC in one invocation (every ENI, instance and session, a page per 1,000 of each), so they need
 * many pages within one function timeout; the router lists a burst's instances once, and the
 * subnet, create and delete steps read a page or two. {@link #wholeVpcRead(String, int)} is the
 * worst case a step's pages take at its rate.
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
  /** Every step's function timeout (the CDK stack's and the local deployer's). */
  public static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
  /** Largest page of EC2's describe calls, as the adapter asks for them. */
  public static final int PAGE_SIZE = SdkEc2Mirroring.PAGE_SIZE;

  /**
   * A describing step's part of the budget.
   *
   * @param reservedConcurrency the most instances of the step at once
   * @param weight each instance's rate relative to the others' (an instance of weight 8 describes
   *     eight times as fast as one of weight 1)
   * @param burst each instance's calls of one action at once under the default plan: what one
   *     invocation reads without waiting (a subnet's read takes two DescribeNetworkInterfaces); the
   *     sum over all instances is the default share of EC2's default bucket, 25
   */
  public record StepShare(int reservedConcurrency, int weight, int burst) {}

  /**
   * Every step that calls an EC2 describe action. Concurrency is sized for the work each does at
   * once (routing a burst's events, planning a few subnets or VPCs, creating and deleting in batches;
   * validating a request is rare); weight for the pages one invocation reads: a whole-VPC read of
   * 10,000 ENIs takes 10 pages of each action and must end within {@link #STEP_TIMEOUT}.
   */
  public static final Map<String, StepShare> STEPS = Map.of(
      "RouteEvent", new StepShare(4, 2, 1),
      "PlanSubnet", new StepShare(4, 2, 2),
      "PlanVpc", new StepShare(2, 8, 2),
      "PlanScan", new StepShare(2, 8, 1),
      "CreateSessions", new StepShare(4, 2, 1),
      "DeleteSessions", new StepShare(2, 1, 1),
      "ValidateVpcRequest", new StepShare(1, 1, 1));

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
    return Optional.ofNullable(STEPS.get(step)).map(StepShare::reservedConcurrency);
  }

  /** The sum of the describing steps' reserved concurrencies: the most instances that describe at once. */
  public int totalReserved() {
    return STEPS.values().stream().mapToInt(StepShare::reservedConcurrency).sum();
  }

  /**
   * Calls a second per action for one instance of {@code step}: its weight's part of the share, so
   * that all instances of all steps together stay within it.
   *
   * @throws IllegalArgumentException when {@code step} does not describe
   */
  public double rate(String step) {
    return share * refillPerSecond * stepShare(step).weight() / totalWeight();
  }

  /**
   * The most calls of one action one instance of {@code step} makes at once: its {@link
   * StepShare#burst()}, scaled by this plan's share of the bucket against the default's, at least 1.
   */
  public int burst(String step) {
    double scale = share * bucketCapacity / (DEFAULT_SHARE * DEFAULT_CAPACITY);
    return (int) Math.max(1, Math.floor(stepShare(step).burst() * scale));
  }

  /** The most calls of one action all describing instances make at once. */
  public int totalBurst() {
    return STEPS.entrySet().stream().mapToInt(e -> e.getValue().reservedConcurrency() * burst(e.getKey())).sum();
  }

  /**
   * The longest one invocation of {@code step} waits for its budget to read a VPC of {@code enis}
   * ENIs whole (as PlanVpc and PlanScan do): a page per {@link #PAGE_SIZE} ENIs, instances and
   * sessions, one action after another, each action's bucket full at first. Calls' own latency
   * comes on top.
   */
  public Duration wholeVpcRead(String step, int enis) {
    int pages = Math.max(1, (enis + PAGE_SIZE - 1) / PAGE_SIZE);
    // DescribeNetworkInterfaces: the VPC's pages and one for the ENIs tagged as unsupported;
    // DescribeInstances and DescribeTrafficMirrorSessions: the VPC's pages.
    int waits = Math.max(0, pages + 1 - burst(step)) + 2 * Math.max(0, pages - burst(step));
    return Duration.ofMillis((long) Math.ceil(waits / rate(step) * 1000));
  }

  /** The environment variables of a step that describes; none for a step that does not. */
  public Map<String, String> variables(String step) {
    if (!STEPS.containsKey(step)) {
      return Map.of();
    }
    return Map.of(DescribeBudget.RATE_VARIABLE, String.valueOf(rate(step)),
        DescribeBudget.BURST_VARIABLE, String.valueOf(burst(step)));
  }

  private int totalWeight() {
    return STEPS.values().stream().mapToInt(s -> s.reservedConcurrency() * s.weight()).sum();
  }

  private static StepShare stepShare(String step) {
    StepShare s = STEPS.get(step);
    if (s == null) {
      throw new IllegalArgumentException(step + " calls no EC2 describe action and has no describe budget");
    }
    return s;
  }
}
