package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.Instance;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.sfn.Execution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/**
 * One run of the churn workload against one design, on its own local cloud: a fleet of instances
 * launched and terminated as Poisson processes, Fargate tasks started and stopped, ENIs attached to
 * running instances and sessions deleted by hand (both through the EC2 API, signed by an operator's
 * key, so CloudTrail sees them), a share of the EC2 state-change events lost. Samples every
 * simulated second which eligible ENIs are mirrored.
 */
final class ChurnRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String OPERATOR_KEY = "AKIACHURNOPERATOR000";
  private static final String AUTH =
      "AWS4-HMAC-SHA256 Credential=" + OPERATOR_KEY + "/20261201/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00";
  private static final Pattern ID = Pattern.compile("<(networkInterfaceId|attachmentId)>([^<]+)</");
  private static final String STATE_CHANGE = "EC2 Instance State-change Notification";

  /** How Mirrorflow is triggered. */
  enum Design {
    AS_DEPLOYED("events + every-minute scans", true, "rate(1 minute)"),
    EVENTS_ONLY("events only", true, null),
    MINUTE_SCANS("every-minute scans only", false, "rate(1 minute)"),
    HOURLY_SCANS("hourly scans only", false, "rate(1 hour)");

    final String label;
    final boolean events;
    final String scans;

    Design(String label, boolean events, String scans) {
      this.label = label;
      this.events = events;
      this.scans = scans;
    }
  }

  /**
   * The workload.
   *
   * @param subnets subnets of the VPC
   * @param instancesPerSubnet the fleet at the start (one eligible primary ENI each)
   * @param minutes simulated minutes of churn
   * @param speed the local clock's speed-up
   * @param launchesPerSecond Poisson rate of instance launches (and, the same, of terminations)
   * @param tasksPerSecond Poisson rate of Fargate task starts (and of stops)
   * @param attachesPerSecond Poisson rate of an ENI created and attached to a running instance
   * @param handDeletesPerSecond Poisson rate of an owned session deleted by hand
   */
  record Shape(int subnets, int instancesPerSubnet, int minutes, double speed, double launchesPerSecond,
      double tasksPerSecond, double attachesPerSecond, double handDeletesPerSecond) {}

  private enum Kind { LAUNCH, TERMINATE, TASK_START, TASK_STOP, ATTACH, HAND_DELETE, SAMPLE }

  private record Tick(Instant at, Kind kind) {}

  private final Shape shape;
  private final Design design;
  private final double loss;
  private final boolean cloudTrail;
  private final Random random;
  private final Random lossRandom;

  /** When each eligible ENI was born (launched or attached), and when it was first seen mirrored. */
  private final Map<String, Instant> born = new LinkedHashMap<>();
  private final Map<String, Instant> mirroredAt = new HashMap<>();
  private final Map<String, String> kindOf = new HashMap<>();
  private final Set<String> diedUnmirrored = new HashSet<>();
  private final Map<String, Instant> diedAt = new HashMap<>();
  private final Map<String, Instant> handDeleted = new HashMap<>();
  private final List<Double> healSeconds = new ArrayList<>();
  private final List<String> running = new ArrayList<>();
  private final List<String> tasks = new ArrayList<>();
  private long eligibleSamples;
  private long mirroredSamples;
  private long staleSamples;
  private long samples;
  private long lostEvents;
  private long stateChangeEvents;
  private long invocationsBefore;
  private String quiet;
  private List<String> busy;
  /** How long the quiet-subnet probes wait, on the local clock: past one every-minute scan. */
  static final Duration QUIET_GIVE_UP = Duration.ofSeconds(90);

  ChurnRun(Shape shape, Design design, double loss, boolean cloudTrail, long seed) {
    this.shape = shape;
    this.design = design;
    this.loss = loss;
    this.cloudTrail = cloudTrail;
    this.random = new Random(seed);
    this.lossRandom = new Random(seed + 1);
  }

  ObjectNode run() throws Exception {
    try (BenchCloud bench = BenchCloud.start(shape.speed(), describeBudget()).seedVpc(shape.subnets(), shape.instancesPerSubnet(), 0)) {
      LocalCloud cloud = bench.cloud;
      LocalClock clock = cloud.clock();
      Ec2World world = cloud.ec2().world();
      bench.registerAndReconcile().await(Duration.ofMinutes(5));
      cloud.ec2().cloudTrail().enabled(cloudTrail);
      cloud.ec2().eventSink(request -> lossy(cloud, request));
      if (design.events) {
        bench.putStateChangeRule();
      }
      schedule(bench, design.scans);
      BulkConvergence.configure(cloud.ec2().knobs());
      quiet = bench.subnetIds.get(bench.subnetIds.size() - 1);
      busy = bench.subnetIds.subList(0, bench.subnetIds.size() - 1);
      world.instances().stream().filter(i -> i.instanceType().equals("m5.large") && i.vpcId().equals(bench.vpcId))
          .filter(i -> !i.subnetId().equals(quiet))
          .forEach(i -> running.add(i.id()));
      Instant start = clock.instant();
      for (String eni : bench.eligibleEnis) {
        born.put(eni, start);
        mirroredAt.put(eni, start);
        kindOf.put(eni, "initial");
      }
      Map<String, Long> callsBefore = cloud.ec2().callCounts();
      invocationsBefore = invocations(cloud);
      Map<String, Integer> executionsBefore = executionCounts(bench);
      Instant end = start.plus(Duration.ofMinutes(shape.minutes()));

      PriorityQueue<Tick> ticks = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
      ticks.add(new Tick(start, Kind.SAMPLE));
      ticks.add(next(start, Kind.LAUNCH, shape.launchesPerSecond()));
      ticks.add(next(start, Kind.TERMINATE, shape.launchesPerSecond()));
      ticks.add(next(start, Kind.TASK_START, shape.tasksPerSecond()));
      ticks.add(next(start, Kind.TASK_STOP, shape.tasksPerSecond()));
      ticks.add(next(start, Kind.ATTACH, shape.attachesPerSecond()));
      ticks.add(next(start, Kind.HAND_DELETE, shape.handDeletesPerSecond()));
      while (true) {
        Tick tick = ticks.poll();
        if (tick == null || !tick.at().isBefore(end)) {
          break;
        }
        clock.sleepUntil(tick.at());
        switch (tick.kind()) {
          case SAMPLE -> {
            sample(bench, clock.instant());
            ticks.add(new Tick(tick.at().plusSeconds(1), Kind.SAMPLE));
            continue;
          }
          case LAUNCH -> launch(bench, clock.instant());
          case TERMINATE -> terminate(bench);
          case TASK_START -> tasks.add(cloud.ecs().runTask("churn", "web", pick(busy)).taskArn());
          case TASK_STOP -> {
            if (!tasks.isEmpty()) {
              cloud.ecs().stopTask(tasks.remove(random.nextInt(tasks.size())), "scaled in");
            }
          }
          case ATTACH -> attach(bench, clock.instant());
          case HAND_DELETE -> handDelete(bench, clock.instant());
          default -> throw new IllegalStateException("no tick " + tick.kind());
        }
        double rate = switch (tick.kind()) {
          case LAUNCH, TERMINATE -> shape.launchesPerSecond();
          case TASK_START, TASK_STOP -> shape.tasksPerSecond();
          case ATTACH -> shape.attachesPerSecond();
          default -> shape.handDeletesPerSecond();
        };
        ticks.add(next(tick.at(), tick.kind(), rate));
      }
      Instant stopped = clock.instant();
      Map<String, Long> calls = cloud.ec2().callCounts();
      Map<String, Integer> executions = executionCounts(bench);
      ObjectNode out = result(bench, start, stopped, callsBefore, calls, executionsBefore, executions);
      quietSubnet(bench, out.putObject("quietSubnet"));
      return out;
    }
  }

  /**
   * The describe budget the cluster deploys with: as the CDK app deploys it, the default (a quarter of
   * EC2's default describe refill), unless {@code -Dbench.churnDescribeShare} gives another share
   * ({@code none}: no budget, the design before issue 21).
   */
  static DescribeBudgetPlan describeBudget() {
    String share = System.getProperty("bench.churnDescribeShare", "");
    if (share.isBlank()) {
      return DescribeBudgetPlan.defaults();
    }
    return share.equals("none") ? null : DescribeBudgetPlan.of(Double.parseDouble(share), DescribeBudgetPlan.DEFAULT_REFILL);
  }

  private Tick next(Instant from, Kind kind, double perSecond) {
    if (perSecond <= 0) {
      return new Tick(Instant.MAX, kind);
    }
    double seconds = -Math.log(1 - random.nextDouble()) / perSecond;
    return new Tick(from.plusNanos((long) (seconds * 1e9)), kind);
  }

  /** EC2's events on their way to EventBridge: a share {@code loss} of the state changes never arrives. */
  private LocalResponse lossy(LocalCloud cloud, LocalRequest request) {
    if (request.bodyAsString().contains(STATE_CHANGE)) {
      boolean lost;
      synchronized (lossRandom) {
        stateChangeEvents++;
        lost = lossRandom.nextDouble() < loss;
        if (lost) {
          lostEvents++;
        }
      }
      if (lost) {
        return LocalResponse.json(200, "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"lost\"}]}");
      }
    }
    return cloud.server().dispatch(request);
  }

  /** The VPC's registration: its schedule's expression, first firing one period after the start (null: none). */
  private void schedule(BenchCloud bench, String expression) throws IOException {
    Instant never = bench.cloud.clock().instant().plus(Duration.ofDays(1));
    bench.cloud.registerVpc(bench.deployment, JSON.readValue(bench.registrationInput(), VpcRegistration.class), never);
    if (expression == null) {
      return;
    }
    // A rate schedule's first firing falls anywhere within its period after the start. The Description
    // is kept: it carries the registration's digest, without which the VPC is not confirmed registered.
    Duration period = expression.contains("hour") ? Duration.ofHours(1) : Duration.ofMinutes(1);
    Instant first = bench.cloud.clock().instant().plusMillis((long) (random.nextDouble() * period.toMillis()));
    try (SchedulerClient scheduler = AwsClients.configure(SchedulerClient.builder(),
        Environment.local(bench.cloud.endpoint(), LocalCloud.REGION, Map.of())).build()) {
      String group = ClusterNames.scheduleGroup(BenchCloud.CLUSTER);
      var got = scheduler.getSchedule(b -> b.groupName(group).name(bench.vpcId));
      scheduler.updateSchedule(b -> b.groupName(group).name(bench.vpcId).scheduleExpression(expression)
          .startDate(first).flexibleTimeWindow(got.flexibleTimeWindow()).target(got.target())
          .description(got.description()).state(ScheduleState.ENABLED));
    }
  }

  private void launch(BenchCloud bench, Instant now) {
    Ec2World world = bench.cloud.ec2().world();
    Instance instance = world.runInstances(pick(busy), "m5.large", 1, Map.of(), Map.of()).get(0);
    running.add(instance.id());
    world.networkInterfaces().stream()
        .filter(n -> n.attachment() != null && n.attachment().instanceId().equals(instance.id()))
        .forEach(n -> {
          born.put(n.id(), now);
          kindOf.put(n.id(), "launched");
        });
  }

  private void terminate(BenchCloud bench) {
    if (running.size() <= 1) {
      return;
    }
    String id = running.remove(random.nextInt(running.size()));
    bench.cloud.ec2().world().terminateInstances(List.of(id));
  }

  /** An ENI created in a running instance's subnet and attached to it, through the EC2 API. */
  private void attach(BenchCloud bench, Instant now) {
    if (running.isEmpty()) {
      return;
    }
    String instanceId = running.get(random.nextInt(running.size()));
    Ec2World world = bench.cloud.ec2().world();
    Instance instance = world.instances().stream().filter(i -> i.id().equals(instanceId)).findFirst().orElse(null);
    if (instance == null) {
      return;
    }
    long attached = world.networkInterfaces().stream()
        .filter(n -> n.attachment() != null && n.attachment().instanceId().equals(instanceId)).count();
    String eni = call(bench, "Action=CreateNetworkInterface&SubnetId=" + instance.subnetId(), "networkInterfaceId");
    if (eni == null) {
      return;
    }
    String attachment = call(bench, "Action=AttachNetworkInterface&NetworkInterfaceId=" + eni + "&InstanceId=" + instanceId
        + "&DeviceIndex=" + attached, "attachmentId");
    if (attachment != null) {
      born.put(eni, now);
      kindOf.put(eni, "attached");
    }
  }

  /** An owned session on a mirrored ENI deleted by hand, through the EC2 API. */
  private void handDelete(BenchCloud bench, Instant now) {
    List<String> mirrored = mirroredAt.keySet().stream().filter(born::containsKey).filter(e -> !handDeleted.containsKey(e))
        .toList();
    if (mirrored.isEmpty()) {
      return;
    }
    String eni = mirrored.get(random.nextInt(mirrored.size()));
    Map<String, List<MirrorSession>> owned = bench.ownedByEni();
    List<MirrorSession> sessions = owned.get(eni);
    if (sessions == null || sessions.isEmpty()) {
      return;
    }
    if (call(bench, "Action=DeleteTrafficMirrorSession&TrafficMirrorSessionId=" + sessions.get(0).id(), null) != null) {
      handDeleted.put(eni, now);
    }
  }

  /**
   * In the subnet the churn leaves alone, where no other event's reconcile comes by: a session
   * deleted by hand, then an ENI attached to a running instance, each timed until it is mirrored
   * (-1: not within {@link #QUIET_GIVE_UP}).
   */
  private void quietSubnet(BenchCloud bench, ObjectNode out) throws InterruptedException {
    LocalClock clock = bench.cloud.clock();
    Ec2World world = bench.cloud.ec2().world();
    String instanceId = world.instances().stream()
        .filter(i -> i.subnetId().equals(quiet) && i.instanceType().equals("m5.large") && i.state().equals("running"))
        .findFirst().orElseThrow().id();
    String eni = world.networkInterfaces().stream()
        .filter(n -> n.attachment() != null && n.attachment().instanceId().equals(instanceId)).findFirst().orElseThrow().id();
    List<MirrorSession> sessions = bench.ownedByEni().getOrDefault(eni, List.of());
    double heal = -1;
    if (!sessions.isEmpty()) {
      Instant t0 = clock.instant();
      call(bench, "Action=DeleteTrafficMirrorSession&TrafficMirrorSessionId=" + sessions.get(0).id(), null);
      heal = waitMirrored(bench, eni, t0);
    }
    Instant t1 = clock.instant();
    String attached = call(bench, "Action=CreateNetworkInterface&SubnetId=" + quiet, "networkInterfaceId");
    call(bench, "Action=AttachNetworkInterface&NetworkInterfaceId=" + attached + "&InstanceId=" + instanceId
        + "&DeviceIndex=1", "attachmentId");
    double attach = waitMirrored(bench, attached, t1);
    out.put("handDeleteHealSeconds", heal).put("attachedEniSeconds", attach)
        .put("giveUpSeconds", QUIET_GIVE_UP.toSeconds());
  }

  private static double waitMirrored(BenchCloud bench, String eni, Instant since) throws InterruptedException {
    LocalClock clock = bench.cloud.clock();
    while (Duration.between(since, clock.instant()).compareTo(QUIET_GIVE_UP) < 0) {
      if (bench.ownedByEni().containsKey(eni)) {
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
      }
      clock.sleep(Duration.ofMillis(250));
    }
    return -1;
  }

  /** One EC2 call signed by the operator; the value of {@code element} in the answer ("" when null), or null when refused. */
  private static String call(BenchCloud bench, String form, String element) {
    byte[] body = (form + "&Version=2016-11-15").getBytes(StandardCharsets.UTF_8);
    LocalResponse answer = bench.cloud.server().dispatch(new LocalRequest("POST", "/", "",
        Map.of("content-type", List.of("application/x-www-form-urlencoded"), "authorization", List.of(AUTH)), body));
    if (answer.status() != 200) {
      return null;
    }
    if (element == null) {
      return "";
    }
    Matcher m = ID.matcher(answer.bodyAsString());
    while (m.find()) {
      if (m.group(1).equals(element)) {
        return m.group(2);
      }
    }
    return null;
  }

  private void sample(BenchCloud bench, Instant now) {
    Ec2World world = bench.cloud.ec2().world();
    Set<String> eligible = new HashSet<>();
    Map<String, String> instanceState = new HashMap<>();
    world.instances().forEach(i -> instanceState.put(i.id(), i.state()));
    for (NetworkInterface n : world.networkInterfaces()) {
      if (born.containsKey(n.id()) && n.attachment() != null
          && !"terminated".equals(instanceState.get(n.attachment().instanceId()))
          && !"shutting-down".equals(instanceState.get(n.attachment().instanceId()))) {
        eligible.add(n.id());
      }
    }
    Set<String> owned = bench.ownedByEni().keySet();
    samples++;
    for (String eni : born.keySet()) {
      boolean alive = eligible.contains(eni);
      if (!alive) {
        if (!mirroredAt.containsKey(eni) && !diedUnmirrored.contains(eni) && !now.isBefore(born.get(eni))) {
          diedUnmirrored.add(eni);
          diedAt.put(eni, now);
        }
        continue;
      }
      eligibleSamples++;
      if (owned.contains(eni)) {
        mirroredSamples++;
        mirroredAt.putIfAbsent(eni, now);
        Instant deleted = handDeleted.get(eni);
        if (deleted != null && !deleted.equals(Instant.MIN)) {
          // Still mirrored only if the deleted session is gone and a new one stands: checked by id below.
          healSeconds.add(Duration.between(deleted, now).toMillis() / 1000.0);
          handDeleted.put(eni, Instant.MIN);
        }
      }
    }
    for (String eni : owned) {
      if (!eligible.contains(eni)) {
        staleSamples++;
      }
    }
  }

  private static Map<String, Integer> executionCounts(BenchCloud bench) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String stem : List.of("scan-vpc", "reconcile-vpc", "event-router")) {
      out.put(stem, bench.cloud.stepFunctions().executions(bench.deployment.stateMachineArn(stem)).size());
    }
    return out;
  }

  private ObjectNode result(BenchCloud bench, Instant start, Instant stopped, Map<String, Long> callsBefore,
      Map<String, Long> calls, Map<String, Integer> executionsBefore, Map<String, Integer> executions) {
    List<Double> ttm = new ArrayList<>();
    List<Double> attachTtm = new ArrayList<>();
    long newEnis = 0;
    long pendingAtEnd = 0;
    double unmirroredSeconds = 0;
    for (Map.Entry<String, Instant> e : born.entrySet()) {
      if (kindOf.get(e.getKey()).equals("initial")) {
        continue;
      }
      newEnis++;
      Instant seen = mirroredAt.get(e.getKey());
      if (seen != null) {
        double s = Duration.between(e.getValue(), seen).toMillis() / 1000.0;
        ttm.add(s);
        unmirroredSeconds += s;
        if (kindOf.get(e.getKey()).equals("attached")) {
          attachTtm.add(s);
        }
      } else if (diedUnmirrored.contains(e.getKey())) {
        unmirroredSeconds += Duration.between(e.getValue(), diedAt.get(e.getKey())).toMillis() / 1000.0;
      } else {
        pendingAtEnd++;
        unmirroredSeconds += Duration.between(e.getValue(), stopped).toMillis() / 1000.0;
      }
    }
    long mutating = delta(calls, callsBefore, "CreateTrafficMirrorSession") + delta(calls, callsBefore, "DeleteTrafficMirrorSession");
    double hours = Duration.between(start, stopped).toMillis() / 3_600_000.0;
    ObjectNode out = JSON.createObjectNode();
    out.put("design", design.name()).put("label", design.label).put("loss", loss).put("cloudTrail", cloudTrail)
        .put("describeShare", describeBudget() == null ? 0 : describeBudget().share())
        .put("simulatedMinutes", Duration.between(start, stopped).toMillis() / 60000.0)
        .put("coverage", eligibleSamples == 0 ? 1 : (double) mirroredSamples / eligibleSamples)
        .put("newEnis", newEnis).put("mirroredNewEnis", ttm.size())
        // Coverage is 1 - (new ENIs a second x this) / fleet: for a fleet whose ENIs live L seconds, 1 - this / L.
        .put("unmirroredSecondsPerNewEni", newEnis == 0 ? 0 : unmirroredSeconds / newEnis)
        .put("neverMirrored", diedUnmirrored.size()).put("unmirroredAtEnd", pendingAtEnd)
        .put("staleSessionsMean", samples == 0 ? 0 : (double) staleSamples / samples)
        .put("mutatingCallsPerMirroredEni", ttm.isEmpty() ? 0 : (double) mutating / ttm.size())
        .put("stateChangeEvents", stateChangeEvents).put("lostEvents", lostEvents);
    ObjectNode t = out.putObject("timeToMirrorSeconds");
    t.put("p50", percentile(ttm, 50)).put("p95", percentile(ttm, 95)).put("p99", percentile(ttm, 99))
        .put("max", percentile(ttm, 100));
    out.putObject("attachedEniSeconds").put("count", attachTtm.size()).put("p50", percentile(attachTtm, 50))
        .put("max", percentile(attachTtm, 100));
    out.putObject("handDeleteHealSeconds").put("count", healSeconds.size())
        .put("unhealed", handDeleted.values().stream().filter(i -> !i.equals(Instant.MIN)).count())
        .put("p50", percentile(healSeconds, 50)).put("max", percentile(healSeconds, 100));
    ObjectNode perHour = out.putObject("executionsPerHour");
    double transitions = 0;
    double expressSeconds = 0;
    long expressRuns = 0;
    for (String stem : executions.keySet()) {
      List<Execution> all = bench.cloud.stepFunctions().executions(bench.deployment.stateMachineArn(stem));
      List<Execution> during = all.subList(0, executions.get(stem) - executionsBefore.get(stem));
      perHour.put(stem, during.size() / hours);
      for (Execution e : during) {
        if (stem.equals("reconcile-vpc")) {
          transitions += e.stateTransitions();
        } else {
          expressRuns++;
          expressSeconds += Math.ceil(e.stopDate().map(s -> Duration.between(e.startDate(), s).toMillis()).orElse(0L) / 100.0) / 10;
        }
      }
    }
    long invocations = invocations(bench.cloud) - invocationsBefore;
    double usd = transitions * MonthlyCost.STANDARD_PER_TRANSITION
        + expressRuns * MonthlyCost.EXPRESS_PER_REQUEST
        + expressSeconds * MonthlyCost.EXPRESS_MEMORY_GB * MonthlyCost.EXPRESS_PER_GB_SECOND
        + invocations * MonthlyCost.LAMBDA_PER_REQUEST;
    out.put("usdPerHour", usd / hours);
    ObjectNode byAction = out.putObject("ec2Calls");
    calls.keySet().stream().sorted().forEach(action -> {
      long n = delta(calls, callsBefore, action);
      if (n > 0) {
        byAction.put(action, n);
      }
    });
    ObjectNode throttled = out.putObject("throttledCalls");
    bench.cloud.ec2().throttledCounts().forEach(throttled::put);
    ObjectNode routed = out.putObject("routedEvents");
    List<Execution> routers = bench.cloud.stepFunctions().executions(bench.deployment.stateMachineArn("event-router"));
    for (Execution e : routers.subList(0, executions.get("event-router") - executionsBefore.get("event-router"))) {
      String what = e.output().map(o -> {
        try {
          var node = JSON.readTree(o);
          return node.path("action").asText() + "/" + node.path("reason").asText();
        } catch (IOException x) {
          return "unreadable";
        }
      }).orElse(e.status().name());
      routed.put(what, routed.path(what).asLong() + 1);
    }
    return out;
  }

  private static long invocations(LocalCloud cloud) {
    return cloud.lambda().invocationCounts().values().stream().mapToLong(Long::longValue).sum();
  }

  private static long delta(Map<String, Long> after, Map<String, Long> before, String action) {
    return after.getOrDefault(action, 0L) - before.getOrDefault(action, 0L);
  }

  private String pick(List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** The {@code p}-th percentile (nearest rank), -1 when there are none. */
  static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
