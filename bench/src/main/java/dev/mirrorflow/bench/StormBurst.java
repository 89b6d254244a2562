package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.ec2.Instance;
import dev.mirrorflow.local.http.LocalRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Figure 5: an auto-scaling burst. A registered VPC, then {@code launches} instances at once spread
 * over {@code subnets} subnets, each emitting its pending and running state-change events, on a
 * real-time clock with AWS's default EC2 throttling and 20-50 ms per call. Measures the time until
 * every new ENI is mirrored against the mutating bucket's bound, the reconcile executions started,
 * EC2 calls by action, the peak describe calls in any one second against the describe refill, and
 * whether a describe call made from outside (one every 250 ms, no retries) is throttled meanwhile.
 */
final class StormBurst {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration GIVE_UP = Duration.ofMinutes(3);
  private static final Duration SAMPLE = Duration.ofMillis(100);
  private static final Duration PROBE = Duration.ofMillis(250);
  private static final String PROBE_ACTION = "DescribeTrafficMirrorSessions";

  record Shape(int launches, int subnets) {}

  static ObjectNode run(Shape shape) throws Exception {
    return run(shape, null);
  }

  /** The burst on a cluster deployed with {@code describeBudget} (null: none, the design before issue 21's budget). */
  static ObjectNode run(Shape shape, DescribeBudgetPlan describeBudget) throws Exception {
    ObjectNode out = JSON.createObjectNode().put("launches", shape.launches()).put("subnets", shape.subnets())
        .put("describeShare", describeBudget == null ? 0 : describeBudget.share());
    if (!Files.exists(LocalCloud.stateMachinesDirectory().resolve("event-router.asl.json"))) {
      return out.put("measured", false).put("reason", "not measured: event path not present");
    }
    try (BenchCloud bench = BenchCloud.start(1, describeBudget).seedVpc(shape.subnets(), 2, 0)) {
      bench.registerAndReconcile().await(Duration.ofMinutes(5));
      bench.putStateChangeRule();
      BulkConvergence.configure(bench.cloud.ec2().knobs());
      int reconcilesBefore = bench.reconciles().size();
      bench.cloud.ec2().resetCallCounts();

      long start = System.nanoTime();
      Set<String> enis = new HashSet<>();
      int perSubnet = shape.launches() / shape.subnets();
      for (int s = 0; s < shape.subnets(); s++) {
        int count = perSubnet + (s < shape.launches() % shape.subnets() ? 1 : 0);
        List<Instance> launched = bench.cloud.ec2().world()
            .runInstances(bench.subnetIds.get(s), "m5.large", count, Map.of(), Map.of());
        Set<String> ids = new HashSet<>();
        launched.forEach(i -> ids.add(i.id()));
        bench.cloud.ec2().world().networkInterfaces().stream()
            .filter(n -> n.attachment() != null && ids.contains(n.attachment().instanceId()))
            .forEach(n -> enis.add(n.id()));
      }

      List<long[]> describeSamples = new ArrayList<>();
      int probes = 0;
      int probesThrottled = 0;
      long nextProbe = start;
      double secondsToLast = -1;
      long missing = enis.size();
      while (System.nanoTime() - start < GIVE_UP.toNanos()) {
        long now = System.nanoTime();
        describeSamples.add(new long[] {now, describeCalls(bench) - probes});
        if (missing > 0 && now >= nextProbe) {
          probes++;
          if (probeThrottled(bench)) {
            probesThrottled++;
          }
          nextProbe = now + PROBE.toNanos();
        }
        if (missing > 0) {
          Set<String> owned = bench.ownedByEni().keySet();
          missing = enis.stream().filter(e -> !owned.contains(e)).count();
          if (missing == 0) {
            secondsToLast = (System.nanoTime() - start) / 1e9;
          }
        }
        // Keep sampling until the reconciles are done, to count every call the burst costs.
        if (missing == 0 && bench.reconciles().stream().allMatch(e -> e.completion().isDone())) {
          break;
        }
        Thread.sleep(SAMPLE.toMillis());
      }
      Map<String, Long> calls = new java.util.TreeMap<>(bench.cloud.ec2().callCounts());
      long probeCalls = probes;
      calls.computeIfPresent(PROBE_ACTION, (k, v) -> v - probeCalls);
      long describes = calls.entrySet().stream().filter(e -> e.getKey().startsWith("Describe"))
          .mapToLong(Map.Entry::getValue).sum();
      long creates = calls.getOrDefault("CreateTrafficMirrorSession", 0L);
      double bound = BulkConvergence.lowerBoundSeconds(enis.size());
      ObjectNode byAction = out.putObject("ec2CallsByAction");
      calls.forEach(byAction::put);
      Ec2Knobs.Bucket describeBucket = Ec2Knobs.DEFAULT_DESCRIBE_BUCKET;
      long peak = peakPerSecond(describeSamples);
      // EC2 keeps a bucket per action: the busiest action's calls in one second of the local clock.
      ObjectNode peakByAction = out.putObject("peakPerSecondByAction");
      calls.keySet().stream().filter(a -> a.startsWith("Describe"))
          .forEach(a -> peakByAction.put(a, bench.cloud.ec2().peakCallsPerSecond(a)));
      long peakAction = calls.keySet().stream().filter(a -> a.startsWith("Describe") && !a.equals(PROBE_ACTION))
          .mapToLong(a -> bench.cloud.ec2().peakCallsPerSecond(a)).max().orElse(0);
      String busiest = calls.keySet().stream().filter(a -> a.startsWith("Describe") && !a.equals(PROBE_ACTION))
          .max(java.util.Comparator.comparingLong(a -> bench.cloud.ec2().peakCallsPerSecond(a))).orElse("");
      out.put("peakActionPerSecond", peakAction).put("peakAction", busiest)
          .put("routerThrottles", bench.cloud.lambda().throttleCount(bench.deployment.functionNames().get("RouteEvent")));
      return out.put("measured", true)
          .put("unmirrored", missing)
          .put("secondsToLastSession", secondsToLast)
          .put("mutatingBoundSeconds", bound)
          .put("ratioToBound", secondsToLast < 0 ? -1 : secondsToLast / Math.max(bound, 1))
          .put("reconcileExecutions", bench.reconciles().size() - reconcilesBefore)
          .put("ec2Calls", calls.values().stream().mapToLong(Long::longValue).sum())
          .put("describeCalls", describes)
          .put("createsPerSession", enis.isEmpty() ? 0 : (double) creates / enis.size())
          .put("peakDescribesPerSecond", peak)
          .put("describeRefillPerSecond", describeBucket.refillPerSecond())
          .put("outsideProbes", probes)
          .put("outsideProbesThrottled", probesThrottled);
    }
  }

  private static long describeCalls(BenchCloud bench) {
    return bench.cloud.ec2().callCounts().entrySet().stream().filter(e -> e.getKey().startsWith("Describe"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** The most describe calls in any one-second window of the samples. */
  static long peakPerSecond(List<long[]> samples) {
    long peak = 0;
    int from = 0;
    for (int to = 0; to < samples.size(); to++) {
      while (samples.get(to)[0] - samples.get(from)[0] > 1_000_000_000L) {
        from++;
      }
      peak = Math.max(peak, samples.get(to)[1] - samples.get(from)[1]);
    }
    return peak;
  }

  /** One describe call made from outside Mirrorflow, as a person's CLI would make it (no retries). */
  private static boolean probeThrottled(BenchCloud bench) {
    byte[] body = ("Action=" + PROBE_ACTION + "&Version=2016-11-15").getBytes(StandardCharsets.UTF_8);
    LocalRequest request = new LocalRequest("POST", "/", "",
        Map.of("content-type", List.of("application/x-www-form-urlencoded")), body);
    return bench.cloud.server().dispatch(request).status() == 503;
  }
}
