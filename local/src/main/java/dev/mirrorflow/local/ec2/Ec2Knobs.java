package dev.mirrorflow.local.ec2;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local EC2's knobs, for tests and benchmarks: quotas, which instance types support mirroring,
 * throttling, latency and faults. Every setter takes effect on the next request; all of it is safe to
 * change while requests are running.
 */
public final class Ec2Knobs {
  /** AWS's quota of sessions per account and region. */
  public static final int DEFAULT_SESSION_LIMIT = 10_000;
  /** AWS's quota of sessions per source ENI (not adjustable). */
  public static final int SESSIONS_PER_INTERFACE = 3;
  /** The smallest of AWS's per-instance-ENI-target source limits (10 to 100 by instance size). */
  public static final int DEFAULT_TARGET_SOURCE_LIMIT = 10;
  /**
   * Instance types that cannot be mirroring sources, by AWS's current page "Understand traffic mirror
   * session concepts" (section "Instance types"), as DESIGN.md states it: the page lists the supported
   * virtualized families as an allowlist (M6i, M6a, M7i, M7i-flex, M7g, C6i, C7i, C7g, R6i, R7i, R7iz,
   * I4i, X2idn, P5, Trn1, Inf2, Hpc6a and more), so those are accepted; bare metal is refused, and so are
   * the non-Nitro (Xen) families it does not list among C4, D2, G3, G3s, H1, I3, M4, P2, P3, R4, X1, X1e
   * (it names T2; the other previous-generation Xen families are listed in local/README.md as unverified).
   * Every other type is accepted. A scenario may replace the list ({@code mirroringUnsupportedInstanceTypes})
   * or refuse more types on top of it ({@code mirroringRefusedInstanceTypes}).
   */
  public static final List<String> DEFAULT_UNSUPPORTED_INSTANCE_TYPES = documentedUnsupported();

  private static List<String> documentedUnsupported() {
    List<String> patterns = new java.util.ArrayList<>(List.of("*.metal", "*.metal-*"));
    for (String family : List.of(
        "t1", "t2", "m1", "m2", "m3", "c1", "c3", "cc1", "cc2", "cg1", "cr1", "hi1", "hs1", "r3", "i2", "g2")) {
      patterns.add(family + ".*");
    }
    return List.copyOf(patterns);
  }

  /** One token bucket's shape: how many calls at once, and how many per second after that. */
  public record Bucket(int capacity, double refillPerSecond) {
    public Bucket {
      if (capacity < 1 || !(refillPerSecond > 0)) {
        throw new IllegalArgumentException(
            "a bucket needs a capacity of at least 1 and a positive refill rate, got " + capacity + ", "
                + refillPerSecond);
      }
    }
  }

  /** EC2's default bucket of each describe (non-mutating) action: every action has its own of this shape. */
  public static final Bucket DEFAULT_DESCRIBE_BUCKET = new Bucket(100, 20);
  /** EC2's default bucket of each mutating action: every action has its own of this shape. */
  public static final Bucket DEFAULT_MUTATING_BUCKET = new Bucket(50, 5);

  /**
   * A planned failure of one action.
   *
   * @param code the error code to answer, e.g. {@code RequestLimitExceeded}
   * @param loseResponse whether to perform the call first and then answer the error, as if the
   *     response had been lost on the way back
   */
  public record Fault(String code, String message, int status, boolean loseResponse) {
    /** Fails the call with {@code code} before it changes anything, with the HTTP status EC2 uses for it. */
    public static Fault error(String code) {
      return new Fault(code, defaultMessage(code), statusOf(code), false);
    }

    /** Performs the call, then answers 500 InternalError: the caller cannot know that it succeeded. */
    public static Fault lostResponse() {
      return new Fault("InternalError", "An internal error has occurred", 500, true);
    }

    static int statusOf(String code) {
      return switch (code) {
        case "RequestLimitExceeded", "Unavailable", "ServiceUnavailable" -> 503;
        case "InternalError", "InternalFailure" -> 500;
        default -> 400;
      };
    }

    static String defaultMessage(String code) {
      return switch (code) {
        case "RequestLimitExceeded" -> "Request limit exceeded.";
        case "InternalError" -> "An internal error has occurred";
        default -> "Injected fault: " + code;
      };
    }
  }

  private volatile int sessionLimit = DEFAULT_SESSION_LIMIT;
  private volatile int targetSourceLimit = DEFAULT_TARGET_SOURCE_LIMIT;
  private volatile List<String> unsupportedInstanceTypes = DEFAULT_UNSUPPORTED_INSTANCE_TYPES;
  private volatile boolean throttling;
  private volatile boolean stateChangeEvents = true;
  private volatile Bucket describeBucket = DEFAULT_DESCRIBE_BUCKET;
  private volatile Bucket mutatingBucket = DEFAULT_MUTATING_BUCKET;
  private volatile Duration minLatency = Duration.ZERO;
  private volatile Duration maxLatency = Duration.ZERO;
  private volatile Duration visibilityLag = Duration.ZERO;
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private volatile RandomFaults randomFaults;

  /** Faults that hit a share of all calls, drawn from a seeded generator so that a run can be repeated. */
  private record RandomFaults(double probability, Fault fault, java.util.Random random) {}

  public int sessionLimit() {
    return sessionLimit;
  }

  /** The per-account session quota ({@code TrafficMirrorSessionLimitExceeded} beyond it). */
  public Ec2Knobs sessionLimit(int limit) {
    requirePositive(limit, "session limit");
    this.sessionLimit = limit;
    return this;
  }

  public int targetSourceLimit() {
    return targetSourceLimit;
  }

  /** How many source ENIs an instance-ENI target takes ({@code TrafficMirrorSourcesPerTargetLimitExceeded}). */
  public Ec2Knobs targetSourceLimit(int limit) {
    requirePositive(limit, "target source limit");
    this.targetSourceLimit = limit;
    return this;
  }

  public List<String> unsupportedInstanceTypes() {
    return unsupportedInstanceTypes;
  }

  /** Glob patterns ({@code *} wildcard) of instance types whose ENIs cannot be mirroring sources. */
  public Ec2Knobs unsupportedInstanceTypes(List<String> patterns) {
    this.unsupportedInstanceTypes = List.copyOf(patterns);
    return this;
  }

  /** Whether an instance of {@code instanceType} may be a mirroring source. */
  public boolean supportsMirroring(String instanceType) {
    String type = instanceType.toLowerCase(Locale.ROOT);
    return unsupportedInstanceTypes.stream().noneMatch(p -> Glob.matches(p.toLowerCase(Locale.ROOT), type));
  }

  public boolean throttling() {
    return throttling;
  }

  /** Turns token-bucket throttling ({@code RequestLimitExceeded}) on or off; off by default. */
  public Ec2Knobs throttling(boolean on) {
    this.throttling = on;
    return this;
  }

  public boolean stateChangeEvents() {
    return stateChangeEvents;
  }

  /**
   * Turns the state-change events (EC2's instance events, the simulated ECS's task events) on or
   * off; on by default. Off, changes still happen but nobody hears of them: what an event-driven
   * system misses, and only a periodic scan repairs.
   */
  public Ec2Knobs stateChangeEvents(boolean on) {
    this.stateChangeEvents = on;
    return this;
  }

  public Bucket describeBucket() {
    return describeBucket;
  }

  public Bucket mutatingBucket() {
    return mutatingBucket;
  }

  /** Replaces the buckets' shapes; the buckets start full again. */
  public Ec2Knobs buckets(Bucket describe, Bucket mutating) {
    this.describeBucket = describe;
    this.mutatingBucket = mutating;
    return this;
  }

  public Duration minLatency() {
    return minLatency;
  }

  public Duration maxLatency() {
    return maxLatency;
  }

  /** Every call waits a uniformly random time in {@code [min, max]} on the local clock before it is served. */
  public Ec2Knobs latency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency needs 0 <= min <= max, got " + min + " and " + max);
    }
    this.minLatency = min;
    this.maxLatency = max;
    return this;
  }

  public Duration visibilityLag() {
    return visibilityLag;
  }

  /**
   * Eventual consistency: a session, ENI or instance created appears in Describe only {@code lag}
   * (local clock) after it was made, and one deleted is still described, as it was, for {@code lag}
   * after. Described by id, a resource not yet visible answers its {@code ...NotFound} error. Calls
   * that change things see the world as it is. Zero (the default) turns it off.
   */
  public Ec2Knobs visibilityLag(Duration lag) {
    if (lag == null || lag.isNegative()) {
      throw new IllegalArgumentException("a visibility lag is zero or positive, got " + lag);
    }
    this.visibilityLag = lag;
    return this;
  }

  /** Makes the next {@code count} calls of {@code action} (e.g. {@code CreateTrafficMirrorSession}) fail with {@code fault}. */
  public Ec2Knobs failNext(String action, int count, Fault fault) {
    requirePositive(count, "fault count");
    Deque<Fault> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < count; i++) {
        queue.addLast(fault);
      }
    }
    return this;
  }

  /**
   * Makes each call (of any action) fail with {@code fault} with probability {@code probability},
   * drawn from a generator seeded with {@code seed}; e.g. {@code failRandomly(0.3,
   * Fault.error("RequestLimitExceeded"), 42)} throttles about 30% of calls. Planned faults
   * ({@link #failNext}) come first. A probability of 0 turns it off.
   */
  public Ec2Knobs failRandomly(double probability, Fault fault, long seed) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("a fault probability is between 0 and 1, got " + probability);
    }
    this.randomFaults = probability == 0 ? null : new RandomFaults(probability, fault, new java.util.Random(seed));
    return this;
  }

  /** Removes every planned and random fault. */
  public Ec2Knobs clearFaults() {
    faults.clear();
    randomFaults = null;
    return this;
  }

  /** Draws whether this call fails at random. */
  Optional<Fault> randomFault() {
    RandomFaults r = randomFaults;
    if (r == null) {
      return Optional.empty();
    }
    synchronized (r.random()) {
      return r.random().nextDouble() < r.probability() ? Optional.of(r.fault()) : Optional.empty();
    }
  }

  /** Takes the next planned fault of {@code action}, if any. */
  Optional<Fault> takeFault(String action) {
    Deque<Fault> queue = faults.get(action);
    if (queue == null) {
      return Optional.empty();
    }
    synchronized (queue) {
      return Optional.ofNullable(queue.pollFirst());
    }
  }

  /** Puts every knob back to AWS's defaults. */
  public Ec2Knobs reset() {
    sessionLimit = DEFAULT_SESSION_LIMIT;
    targetSourceLimit = DEFAULT_TARGET_SOURCE_LIMIT;
    unsupportedInstanceTypes = DEFAULT_UNSUPPORTED_INSTANCE_TYPES;
    throttling = false;
    stateChangeEvents = true;
    describeBucket = DEFAULT_DESCRIBE_BUCKET;
    mutatingBucket = DEFAULT_MUTATING_BUCKET;
    minLatency = Duration.ZERO;
    maxLatency = Duration.ZERO;
    visibilityLag = Duration.ZERO;
    faults.clear();
    randomFaults = null;
    return this;
  }

  private static void requirePositive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + value);
    }
  }
}
