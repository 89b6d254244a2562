package dev.mirrorflow.activities.ec2;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a cluster keeps its EC2 describe calls under {@code share} of EC2's per-action refill, across
 * any number of concurrent executions and without a datastore: every step that describes gets a
 * reserved concurrency (Lambda runs at most that many instances of it, and throttles the rest with
 * {@code TooManyRequestsException}, which the state machines retry), and each instance limits itself
 * to {@link #rate(String, String)} calls a second of each action it calls ({@link DescribeBudget}).
 * So for every action, the calls a second of the whole cluster are at most the sum, over the steps
 * that call it, of reserved concurrency times rate, which is {@code share x refill}.
 *
 * <p>Each action's share is split among the steps that call it ({@link StepShare#actions()}), as EC2
 * keeps a bucket per action: the router alone calls DescribeSubnets, so it has all of that action's
 * share, and no step's part of an action sits reserved for a step that never calls it. Within an
 * action the split is by {@link StepShare#weight()}: PlanVpc and PlanScan read a whole VPC in one
 * invocation (every ENI, instance and session, a page per 1,000 of each), so they need many pages
 * within one function timeout; the router, subnet, create and delete steps read a page or two.
 * {@link #wholeVpcRead(String, int)} is the worst case a step's pages take at its rates.
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

  static final String INSTANCES = "DescribeInstances";
  static final String ENIS = "DescribeNetworkInterfaces";
  static final String SESSIONS = "DescribeTrafficMirrorSessions";
  static final String TARGETS = "DescribeTrafficMirrorTargets";
  static final String FILTERS = "DescribeTrafficMirrorFilters";
  static final String SUBNETS = "DescribeSubnets";
  static final String VPCS = "DescribeVpcs";
  private static final Set<String> READS_A_SCOPE = Set.of(ENIS, INSTANCES, SESSIONS, TARGETS);

  /**
   * A describing step's part of the budget.
   *
   * @param reservedConcurrency the most instances of the step at once
   * @param weight each instance's rate of an action relative to the other steps' that call it (an
   *     instance of weight 8 describes eight times as fast as one of weight 1)
   * @param burst each instance's calls of one action at once under the default plan: what one
   *     invocation reads without waiting (a subnet's read takes two DescribeNetworkInterfaces); the
   *     sum over all instances is the default share of EC2's default bucket, 25
   * @param actions the describe actions the step calls (the adapter's calls it makes, {@link
   *     SdkEc2Mirroring})
   */
  public record StepShare(int reservedConcurrency, int weight, int burst, Set<String> actions) {
    public StepShare {
      actions = Set.copyOf(actions);
    }
  }

  /**
   * Every step that calls an EC2 describe action. Concurrency is sized for the work each does at
   * once (routing a burst's events, planning a few subnets or VPCs, creating and deleting in batches;
   * validating a request is rare); weight for the pages one invocation reads: a whole-VPC read of
   * 10,000 ENIs takes 10 pages of each action and must end within {@link #STEP_TIMEOUT}.
   */
  public static final Map<String, StepShare> STEPS = Map.of(
      "RouteEvent", new StepShare(4, 2, 1, Set.of(INSTANCES, SUBNETS)),
      "PlanSubnet", new StepShare(4, 2, 2, READS_A_SCOPE),
      "PlanVpc", new StepShare(2, 8, 2, READS_A_SCOPE),
      "PlanScan", new StepShare(2, 8, 1, READS_A_SCOPE),
      "CreateSessions", new StepShare(4, 2, 1, Set.of(SESSIONS)),
      "DeleteSessions", new StepShare(2, 1, 1, Set.of(SESSIONS)),
      "ValidateVpcRequest", new StepShare(1, 1, 1, Set.of(VPCS, TARGETS, FILTERS)));

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

  /** Every describe action some step calls. */
  public static Set<String> actions() {
    return STEPS.values().stream().flatMap(s -> s.actions().stream()).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Calls a second of {@code action} for one instance of {@code step}: its weight's part of the
   * action's share among the steps that call it, so that all their instances together stay within it.
   *
   * @throws IllegalArgumentException when {@code step} does not describe, or does not call {@code action}
   */
  public double rate(String step, String action) {
    StepShare s = stepShare(step);
    if (!s.actions().contains(action)) {
      throw new IllegalArgumentException(step + " does not call " + action + "; it calls " + new TreeSet<>(s.actions()));
    }
    return share * refillPerSecond * s.weight() / weightOf(action);
  }

  /** {@link #rate(String, String)} of every action {@code step} calls, by action. */
  public Map<String, Double> rates(String step) {
    Map<String, Double> rates = new TreeMap<>();
    stepShare(step).actions().forEach(action -> rates.put(action, rate(step, action)));
    return rates;
  }

  /**
   * The most calls of one action one instance of {@code step} makes at once: its {@link
   * StepShare#burst()}, scaled by this plan's share of the bucket against the default's, at least 1.
   */
  public int burst(String step) {
    double scale = share * bucketCapacity / (DEFAULT_SHARE * DEFAULT_CAPACITY);
    return (int) Math.max(1, Math.floor(stepShare(step).burst() * scale));
  }

  /** The most calls of {@code action} all instances of the steps that call it make at once. */
  public int totalBurst(String action) {
    return callersOf(action).mapToInt(e -> e.getValue().reservedConcurrency() * burst(e.getKey())).sum();
  }

  /**
   * The longest one invocation of {@code step} waits for its budget to read a VPC of {@code enis}
   * ENIs whole (as PlanVpc and PlanScan do): a page per {@link #PAGE_SIZE} ENIs, instances and
   * sessions, one action after another, each at the step's rate of it, each action's bucket full at
   * first. Calls' own latency comes on top.
   */
  public Duration wholeVpcRead(String step, int enis) {
    int pages = Math.max(1, (enis + PAGE_SIZE - 1) / PAGE_SIZE);
    int burst = burst(step);
    // DescribeNetworkInterfaces: the VPC's pages and one for the ENIs tagged as unsupported;
    // DescribeInstances and DescribeTrafficMirrorSessions: the VPC's pages; one DescribeTrafficMirrorTargets.
    double seconds = Math.max(0, pages + 1 - burst) / rate(step, ENIS)
        + Math.max(0, pages - burst) / rate(step, INSTANCES)
        + Math.max(0, pages - burst) / rate(step, SESSIONS)
        + Math.max(0, 1 - burst) / rate(step, TARGETS);
    return Duration.ofMillis((long) Math.ceil(seconds * 1000));
  }

  /**
   * The environment variables of a step that describes (its rate of each action it calls, and its
   * burst); none for a step that does not.
   */
  public Map<String, String> variables(String step) {
    if (!STEPS.containsKey(step)) {
      return Map.of();
    }
    String rates = rates(step).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
    return Map.of(DescribeBudget.RATE_VARIABLE, rates, DescribeBudget.BURST_VARIABLE, String.valueOf(burst(step)));
  }

  private static int weightOf(String action) {
    return callersOf(action).mapToInt(e -> e.getValue().reservedConcurrency() * e.getValue().weight()).sum();
  }

  /** The steps that call {@code action}, with their shares. */
  private static Stream<Map.Entry<String, StepShare>> callersOf(String action) {
    return STEPS.entrySet().stream().filter(e -> e.getValue().actions().contains(action));
  }

  private static StepShare stepShare(String step) {
    StepShare s = STEPS.get(step);
    if (s == null) {
      throw new IllegalArgumentException(step + " calls no EC2 describe action and has no describe budget");
    }
    return s;
  }
}
