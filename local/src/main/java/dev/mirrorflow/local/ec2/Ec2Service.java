package dev.mirrorflow.local.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The local EC2 on the AWS query protocol: serves every request with an {@code Action} parameter
 * (see {@link Ec2Actions}) and the admin API under {@value Ec2Admin#PREFIX}. Before an action runs it
 * is counted, delayed by the latency knob, throttled by token buckets (when on) and possibly failed
 * by a planned fault; see {@link Ec2Knobs}.
 *
 * <p>Tests in the same JVM use {@link #world()}, {@link #knobs()}, {@link #seed(Scenario)} and
 * {@link #callCounts()} directly.
 */
public final class Ec2Service implements ServiceHandler {
  static final String EVENT_DETAIL_TYPE = "EC2 Instance State-change Notification";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalClock clock;
  private final Ec2Knobs knobs;
  private final Ec2World world;
  private final Ec2Admin admin;
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  // Calls per action per second of the local clock: what a per-second token bucket sees.
  private final Map<String, Map<Long, AtomicLong>> callsBySecond = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> throttled = new ConcurrentHashMap<>();
  private final Map<String, AccountEc2> accounts = new ConcurrentHashMap<>();
  private volatile AwsDispatcher eventSink;
  private final CloudTrailEvents cloudTrail;
  private volatile Function<LocalRequest, String> callerAccount = r -> Ec2World.ACCOUNT_ID;
  private volatile Function<String, String> accessKeyOf = account -> null;

  /** One account's EC2: its world, and its own token buckets (EC2 throttles per account and region). */
  private final class AccountEc2 {
    final Ec2World world;
    final Ec2Actions actions;
    volatile TokenBucket describeBucket;
    volatile TokenBucket mutatingBucket;

    AccountEc2(Ec2World world) {
      this.world = world;
      this.actions = new Ec2Actions(world);
      world.onInstanceStateChange(change -> emit(world.accountId(), change));
    }
  }

  private Ec2Service(LocalClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.knobs = new Ec2Knobs();
    this.world = Ec2World.create(clock, knobs);
    this.admin = new Ec2Admin(this);
    this.cloudTrail = new CloudTrailEvents(clock, Ec2World.DEFAULT_REGION);
    accounts.put(world.accountId(), new AccountEc2(world));
  }

  /**
   * Serves each request in its caller's account: {@code callerAccount} names the account of a
   * request (from its credentials), {@code accessKeyOf} the key an account's events are put with.
   */
  public Ec2Service accounts(Function<LocalRequest, String> callerAccount, Function<String, String> accessKeyOf) {
    this.callerAccount = Objects.requireNonNull(callerAccount, "callerAccount");
    this.accessKeyOf = Objects.requireNonNull(accessKeyOf, "accessKeyOf");
    return this;
  }

  /** The world of {@code accountId}, created empty on first use; the knobs are shared, quotas count per account. */
  public Ec2World world(String accountId) {
    return account(accountId).world;
  }

  private AccountEc2 account(String accountId) {
    return accounts.computeIfAbsent(accountId, a -> new AccountEc2(Ec2World.create(clock, knobs, a)));
  }

  /**
   * Shares a target of {@code ownerAccount} with {@code withAccount}, as AWS RAM does: the member
   * account's sessions may then use it, and describe it with its owner's {@code OwnerId}.
   */
  public MirrorTarget shareTarget(String ownerAccount, String targetId, String withAccount) {
    Ec2World owner = world(ownerAccount);
    MirrorTarget target = owner.targets().stream().filter(t -> t.id().equals(targetId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("account " + ownerAccount + " has no target " + targetId));
    return world(withAccount).acceptShared(target, owner.tags(targetId));
  }

  /** An empty local EC2 on {@code clock}, with AWS's default quotas and no throttling. */
  public static Ec2Service create(LocalClock clock) {
    return new Ec2Service(clock);
  }

  /**
   * Where instance state-change events go: an {@code AWSEvents.PutEvents} request for the default
   * bus, dispatched in-process (usually the {@code LocalServer} itself). Unset, events are dropped.
   */
  public Ec2Service eventSink(AwsDispatcher dispatcher) {
    this.eventSink = dispatcher;
    return this;
  }

  public Ec2World world() {
    return world;
  }

  /** The account's CloudTrail trail: EC2's mutating calls as events on the default bus, and who made them. */
  public CloudTrailEvents cloudTrail() {
    return cloudTrail;
  }

  public Ec2Knobs knobs() {
    return knobs;
  }

  public LocalClock clock() {
    return clock;
  }

  /** Seeds the world from a scenario; returns ids by ref. */
  public Map<String, String> seed(Scenario scenario) {
    return world.seed(scenario);
  }

  /** Calls received per action since the start or the last {@link #resetCallCounts()}, sorted by action. */
  public Map<String, Long> callCounts() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Calls received of one action. */
  public long callCount(String action) {
    AtomicLong n = calls.get(action);
    return n == null ? 0 : n.get();
  }

  /** Calls refused with RequestLimitExceeded, by action, since the last {@link #resetCallCounts()}. */
  public Map<String, Long> throttledCounts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    throttled.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public void resetCallCounts() {
    throttled.clear();
    calls.clear();
    callsBySecond.clear();
  }

  /**
   * The most calls of {@code action} received within any one second of the local clock (whole
   * seconds since the epoch) since the start or the last {@link #resetCallCounts()}.
   */
  public long peakCallsPerSecond(String action) {
    Map<Long, AtomicLong> seconds = callsBySecond.getOrDefault(action, Map.of());
    return seconds.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
  }

  /** Calls of {@code action} received in each second of the local clock (epoch seconds), sorted. */
  public Map<Long, Long> callsPerSecond(String action) {
    Map<Long, Long> out = new TreeMap<>();
    callsBySecond.getOrDefault(action, Map.of()).forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  @Override
  public boolean accepts(LocalRequest request) {
    if (admin.accepts(request)) {
      return true;
    }
    // The EC2 query protocol always posts to "/"; REST paths (Lambda) and JSON targets are others'.
    if (request.header("x-amz-target") != null || !(request.path().equals("/") || request.path().isEmpty())) {
      return false;
    }
    return request.formParameters().containsKey("Action");
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    if (admin.accepts(request)) {
      return admin.handle(request);
    }
    String requestId = UUID.randomUUID().toString();
    QueryParams params = new QueryParams(request.formParameters());
    String action = params.action();
    AccountEc2 account = account(callerAccount.apply(request));
    calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    callsBySecond.computeIfAbsent(action, a -> new ConcurrentHashMap<>())
        .computeIfAbsent(clock.instant().getEpochSecond(), t -> new AtomicLong()).incrementAndGet();
    try {
      delay();
      throttle(account, action);
      Ec2Knobs.Fault fault = knobs.takeFault(action).or(knobs::randomFault).orElse(null);
      if (fault != null && !fault.loseResponse()) {
        throw new LocalEc2Exception(fault.code(), fault.message(), fault.status());
      }
      String body = account.actions.serve(action, params, requestId);
      cloudTrail.record(eventSink, request, action, body, requestId, account.world.accountId(),
          accessKeyOf.apply(account.world.accountId()));
      if (fault != null) {
        throw new LocalEc2Exception(fault.code(), fault.message(), fault.status());
      }
      return LocalResponse.xml(200, body).withHeader("x-amzn-RequestId", requestId);
    } catch (LocalEc2Exception e) {
      return error(e, requestId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(new LocalEc2Exception("InternalError", "The request was interrupted.", 500), requestId);
    }
  }

  private static LocalResponse error(LocalEc2Exception e, String requestId) {
    return LocalResponse.xml(e.status(), Xml.error(e.code(), e.getMessage(), requestId))
        .withHeader("x-amzn-RequestId", requestId);
  }

  private void delay() throws InterruptedException {
    Duration min = knobs.minLatency();
    Duration max = knobs.maxLatency();
    if (max.isZero()) {
      return;
    }
    long nanos = min.toNanos() + (max.equals(min) ? 0 : ThreadLocalRandom.current().nextLong(max.toNanos() - min.toNanos() + 1));
    clock.sleep(Duration.ofNanos(nanos));
  }

  private void throttle(AccountEc2 account, String action) {
    if (!knobs.throttling()) {
      return;
    }
    boolean describe = Ec2Actions.NON_MUTATING.contains(action);
    TokenBucket bucket = bucket(account, describe);
    if (!bucket.tryTake()) {
      throttled.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
      throw new LocalEc2Exception("RequestLimitExceeded", "Request limit exceeded.", 503);
    }
  }

  private synchronized TokenBucket bucket(AccountEc2 account, boolean describe) {
    Ec2Knobs.Bucket shape = describe ? knobs.describeBucket() : knobs.mutatingBucket();
    TokenBucket current = describe ? account.describeBucket : account.mutatingBucket;
    if (current == null || !current.shape().equals(shape)) {
      current = new TokenBucket(clock, shape);
      if (describe) {
        account.describeBucket = current;
      } else {
        account.mutatingBucket = current;
      }
    }
    return current;
  }

  /** Starts every bucket full again (the admin reset). */
  synchronized void refillBuckets() {
    for (AccountEc2 account : accounts.values()) {
      account.describeBucket = null;
      account.mutatingBucket = null;
    }
  }

  private void emit(String accountId, InstanceStateChange change) {
    AwsDispatcher sink = eventSink;
    if (sink == null || !knobs.stateChangeEvents()) {
      return;
    }
    ObjectNode detail = JSON.createObjectNode()
        .put("instance-id", change.instanceId())
        .put("state", change.currentState());
    ObjectNode entry = JSON.createObjectNode()
        .put("Source", "aws.ec2")
        .put("DetailType", EVENT_DETAIL_TYPE)
        .put("Detail", detail.toString())
        .put("EventBusName", "default")
        .put("Time", clock.instant().getEpochSecond());
    ArrayNode resources = entry.putArray("Resources");
    resources.add("arn:aws:ec2:" + Ec2World.DEFAULT_REGION + ":" + accountId + ":instance/" + change.instanceId());
    ObjectNode body = JSON.createObjectNode();
    body.putArray("Entries").add(entry);
    LocalRequest put = LocalRequest.awsJson("AWSEvents.PutEvents", body.toString());
    String key = accessKeyOf.apply(accountId);
    // The account's own default bus receives its instances' state changes.
    if (key != null) {
      put = put.withHeader("authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/19700101/us-east-1/events/aws4_request");
    }
    // Nobody serving AWSEvents (a 404) is normal when EC2 runs alone.
    sink.dispatch(put);
  }
}
