package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.RegistrationDigest;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/**
 * Figure: how many VPCs one account's EC2 describe budget carries. {@code vpcs} small VPCs (one
 * subnet, one instance of a type that cannot be mirrored, so every scan reads and finds nothing to
 * do) are registered with every-minute schedules whose first firing is the same instant (the worst
 * case: every scan of the minute at once) or, with {@code flexibleMinutes} > 0, spread by
 * Scheduler's flexible time window; then {@code minutes} virtual minutes run with AWS's default EC2
 * throttling on. Counts, per describe action, calls per second against the bucket's 20/s refill and
 * throttled calls; scans that failed or were late (ended more than 60 s after their scheduled
 * firing); and what triggers and scans cost a month.
 */
final class VpcCount {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** EventBridge Scheduler, us-east-1: $1.00 per million invocations after 14 million free a month. */
  static final double SCHEDULER_PER_INVOCATION = 1.00 / 1_000_000;
  static final double SCHEDULER_FREE_INVOCATIONS = 14_000_000;

  private VpcCount() {}

  static ObjectNode run(int vpcs, int minutes, double speed, int flexibleMinutes) throws Exception {
    if (vpcs < 1 || minutes < 1 || speed <= 0 || flexibleMinutes < 0) {
      throw new IllegalArgumentException("VPC count run needs vpcs >= 1, minutes >= 1, speed > 0, window >= 0; got "
          + vpcs + ":" + minutes + ":" + speed + ":" + flexibleMinutes);
    }
    try (BenchCloud bench = BenchCloud.start(speed)) {
      LocalCloud cloud = bench.cloud;
      Ec2World world = cloud.ec2().world();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < vpcs; i++) {
        String vpc = world.createVpc(null, "10." + (i / 250) + "." + (i % 250) + ".0/24", Map.of()).id();
        String subnet = world.createSubnet(null, vpc, "10." + (i / 250) + "." + (i % 250) + ".0/24", "us-east-1a",
            Map.of()).id();
        world.runInstances(subnet, "t2.micro", 1, Map.of(), Map.of());
        ids.add(vpc);
      }
      // The first firing a virtual minute from now, for every VPC alike.
      Instant first = cloud.clock().instant().plus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      register(bench, ids, first, flexibleMinutes);
      Ec2Knobs knobs = cloud.ec2().knobs();
      BulkConvergence.configure(knobs);

      cloud.clock().sleepUntil(first);
      cloud.ec2().resetCallCounts();
      long invocationsBefore = cloud.lambda().invocationCounts().values().stream().mapToLong(Long::longValue).sum();
      long realStart = System.nanoTime();
      Instant end = first.plus(Duration.ofMinutes(minutes));
      cloud.clock().sleepUntil(end);
      Map<String, Long> calls = new TreeMap<>(cloud.ec2().callCounts());
      Map<String, Long> throttled = cloud.ec2().throttledCounts();
      double realSeconds = (System.nanoTime() - realStart) / 1e9;
      long invocations = cloud.lambda().invocationCounts().values().stream().mapToLong(Long::longValue).sum()
          - invocationsBefore;

      // Let the window's last scans end before judging them.
      List<Execution> scans = cloud.stepFunctions().executions(bench.deployment.stateMachineArn("scan-vpc"));
      long late = 0;
      long failed = 0;
      long unfinished = 0;
      double scanSeconds = 0;
      int counted = 0;
      scans = scans.stream().filter(s -> !s.startDate().isBefore(first) && s.startDate().isBefore(end)).toList();
      for (Execution scan : scans) {
        Execution done;
        try {
          done = scan.await(Duration.ofMinutes(2));
        } catch (IllegalStateException stillRunning) {
          unfinished++;
          continue;
        }
        if (!done.status().name().equals("SUCCEEDED")) {
          if (done.status().name().equals("RUNNING")) {
            unfinished++;
          } else {
            failed++;
          }
          continue;
        }
        Instant started = done.startDate();
        Instant stopped = done.stopDate().orElse(started);
        // Its firing was due at the last whole scheduled minute at or before its start (OFF), or up to
        // the flexible window before it.
        long sinceFirst = Duration.between(first, started).toSeconds();
        Instant due = first.plusSeconds(Math.max(0, sinceFirst / 60) * 60);
        if (flexibleMinutes == 0 && Duration.between(due, stopped).toSeconds() > 60) {
          late++;
        } else if (flexibleMinutes > 0 && Duration.between(started, stopped).toSeconds() > 60) {
          late++;
        }
        scanSeconds += Duration.between(started, stopped).toMillis() / 1000.0;
        counted++;
      }
      double seconds = minutes * 60.0;
      ObjectNode out = JSON.createObjectNode();
      out.put("vpcs", vpcs).put("minutes", minutes).put("clockSpeed", speed)
          .put("flexibleWindowMinutes", flexibleMinutes).put("realSeconds", realSeconds)
          .put("expectedScans", (long) vpcs * minutes).put("scans", scans.size()).put("failedScans", failed)
          .put("lateScans", late).put("unfinishedScans", unfinished)
          .put("meanScanSeconds", counted == 0 ? 0 : scanSeconds / counted)
          .put("describeRefillPerSecond", Ec2Knobs.DEFAULT_DESCRIBE_BUCKET.refillPerSecond());
      ObjectNode perAction = out.putObject("describeCallsPerSecond");
      ObjectNode throttledByAction = out.putObject("throttledCalls");
      calls.forEach((action, n) -> {
        if (action.startsWith("Describe")) {
          perAction.put(action, n / seconds);
          throttledByAction.put(action, throttled.getOrDefault(action, 0L));
        }
      });
      long describeCalls = calls.entrySet().stream().filter(e -> e.getKey().startsWith("Describe"))
          .mapToLong(Map.Entry::getValue).sum();
      out.put("describeCallsPerSecondAll", describeCalls / seconds);
      out.put("lambdaInvocationsPerScan", scans.isEmpty() ? 0 : (double) invocations / scans.size());
      // A month at one scan a minute per VPC: Scheduler's invocations, and scan-vpc as measured (Express).
      double runs = MonthlyCost.RUNS_PER_MONTH * vpcs;
      double triggers = Math.max(0, runs - SCHEDULER_FREE_INVOCATIONS) * SCHEDULER_PER_INVOCATION;
      // Virtual durations carry this machine's CPU time times the clock's speed: scale back to real time.
      double meanScan = counted == 0 ? 0 : scanSeconds / counted / speed;
      double express = runs * (MonthlyCost.EXPRESS_PER_REQUEST
          + Math.ceil(meanScan * 10) / 10 * MonthlyCost.EXPRESS_MEMORY_GB * MonthlyCost.EXPRESS_PER_GB_SECOND);
      double lambda = runs * (invocations == 0 || scans.isEmpty() ? 1 : (double) invocations / scans.size())
          * (MonthlyCost.LAMBDA_PER_REQUEST + meanScan * MonthlyCost.LAMBDA_MEMORY_GB * MonthlyCost.LAMBDA_ARM_PER_GB_SECOND);
      out.put("triggersUsdPerMonth", triggers).put("scansUsdPerMonth", express + lambda)
          .put("pricesAsOf", MonthlyCost.PRICES_AS_OF + "; Scheduler: aws.amazon.com/eventbridge/pricing");
      return out;
    }
  }

  private static void register(BenchCloud bench, List<String> vpcs, Instant first, int flexibleMinutes) {
    LocalCloud cloud = bench.cloud;
    if (flexibleMinutes == 0) {
      for (String vpc : vpcs) {
        cloud.registerVpc(bench.deployment, new VpcRegistration(BenchCloud.CLUSTER, vpc,
            VpcMirroringConfig.of(bench.targetId, bench.filterId)), first);
      }
      return;
    }
    // As add-vpc would with a flexible window: the same schedule, its firings spread over the window.
    String group = ClusterNames.scheduleGroup(BenchCloud.CLUSTER);
    String scanVpc = bench.deployment.stateMachineArn("scan-vpc");
    String role = "arn:aws:iam::" + LocalCloud.ACCOUNT_ID + ":role/"
        + ClusterNames.role(BenchCloud.CLUSTER, null, ClusterNames.SCHEDULER_ROLE);
    try (SchedulerClient scheduler = AwsClients.configure(SchedulerClient.builder(),
        Environment.local(cloud.endpoint(), LocalCloud.REGION, Map.of())).build()) {
      for (String vpc : vpcs) {
        String input;
        VpcRegistration registration = new VpcRegistration(BenchCloud.CLUSTER, vpc,
            VpcMirroringConfig.of(bench.targetId, bench.filterId));
        try {
          input = JSON.writeValueAsString(registration);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
        scheduler.createSchedule(b -> b.groupName(group).name(ClusterNames.schedule(vpc))
            .scheduleExpression("rate(1 minute)").state(ScheduleState.ENABLED).startDate(first)
            .description(RegistrationDigest.description(registration))
            .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE).maximumWindowInMinutes(flexibleMinutes))
            .target(t -> t.arn(scanVpc).roleArn(role).input(input)));
      }
    }
  }
}
