package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Figure 1: time from add-vpc to the last session of a VPC with many eligible ENIs, with AWS's
 * default token buckets and 20–50 ms per EC2 call, against the mutating bucket's lower bound.
 */
final class BulkConvergence {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Shape(int subnets, int eligiblePerSubnet, int ineligiblePerSubnet) {
    int eligible() {
      return subnets * eligiblePerSubnet;
    }

    int ineligible() {
      return subnets * ineligiblePerSubnet;
    }
  }

  /** The fewest seconds the mutating bucket allows for {@code creates} creates: the burst is free, the rest refill. */
  static double lowerBoundSeconds(int creates) {
    Ec2Knobs.Bucket b = Ec2Knobs.DEFAULT_MUTATING_BUCKET;
    return Math.max(0, creates - b.capacity()) / b.refillPerSecond();
  }

  static void configure(Ec2Knobs knobs) {
    knobs.throttling(true)
        .buckets(Ec2Knobs.DEFAULT_DESCRIBE_BUCKET, Ec2Knobs.DEFAULT_MUTATING_BUCKET)
        .latency(Duration.ofMillis(20), Duration.ofMillis(50));
  }

  static ObjectNode run(Shape shape, double speed) throws Exception {
    try (BenchCloud bench = BenchCloud.start(speed).seedVpc(shape.subnets(), shape.eligiblePerSubnet(),
        shape.ineligiblePerSubnet())) {
      configure(bench.cloud.ec2().knobs());
      bench.cloud.ec2().resetCallCounts();
      AtomicReference<Instant> lastSession = new AtomicReference<>();
      AtomicReference<Instant> firstSession = new AtomicReference<>();
      java.util.List<long[]> timeline = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      long realStart = System.nanoTime();
      Instant start = bench.cloud.clock().instant();
      Execution execution = Boolean.getBoolean("bench.viaRegister") ? bench.registerAndReconcile() : bench.startAddVpc();
      Thread watcher = new Thread(() -> {
        long seen = 0;
        while (!execution.completion().isDone()) {
          long now = bench.ownedCount();
          long t = Duration.between(start, bench.cloud.clock().instant()).toSeconds();
          if (timeline.isEmpty() || t >= timeline.get(timeline.size() - 1)[0] + 10) {
            timeline.add(new long[] {t, now});
          }
          if (now > 0 && firstSession.get() == null) {
            firstSession.set(bench.cloud.clock().instant());
          }
          if (now > seen) {
            seen = now;
            lastSession.set(bench.cloud.clock().instant());
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      watcher.setDaemon(true);
      watcher.start();
      Execution done = execution.await(Duration.ofMinutes(60));
      watcher.join();
      double realSeconds = (System.nanoTime() - realStart) / 1e9;
      double endSeconds = Duration.between(start, done.stopDate().orElseThrow()).toMillis() / 1000.0;
      double lastSessionSeconds = lastSession.get() == null ? endSeconds
          : Duration.between(start, lastSession.get()).toMillis() / 1000.0;
      double bound = lowerBoundSeconds(shape.eligible());
      long duplicates = bench.ownedByEni().values().stream().filter(l -> l.size() > 1).count();
      ObjectNode out = JSON.createObjectNode();
      out.put("eligibleEnis", shape.eligible()).put("ineligibleEnis", shape.ineligible())
          .put("subnets", shape.subnets()).put("clockSpeed", speed)
          .put("status", done.status().name())
          .put("secondsToLastSession", lastSessionSeconds)
          .put("secondsToFirstSession", firstSession.get() == null ? -1
              : Duration.between(start, firstSession.get()).toMillis() / 1000.0).put("secondsToExecutionEnd", endSeconds)
          .put("lowerBoundSeconds", bound).put("ratioToLowerBound", bound == 0 ? 0 : lastSessionSeconds / bound)
          .put("unmirrored", bench.unmirrored()).put("duplicates", duplicates)
          .put("workflow", done.stateMachine().name())
          .put("reconcileExecutions", bench.reconciles().size())
          .put("stateTransitions", done.stateTransitions() + bench.reconciles().stream().mapToLong(Execution::stateTransitions).sum())
          .put("historyEvents", bench.reconciles().stream().mapToInt(e -> e.history().size()).max().orElse(0))
          .put("realSeconds", realSeconds);
      out.set("timeline", JSON.valueToTree(timeline));
      out.set("ec2Calls", JSON.valueToTree(bench.cloud.ec2().callCounts()));
      out.set("lambdaInvocations", JSON.valueToTree(bench.cloud.lambda().invocationCounts()));
      done.output().ifPresent(o -> {
        try {
          ObjectNode summary = (ObjectNode) JSON.readTree(o);
          summary.remove("skipped");
          out.set("summary", summary);
        } catch (Exception e) {
          out.put("summary", o);
        }
      });
      done.error().ifPresent(e -> out.put("error", e));
      java.util.Map<String, Long> eventTypes = new java.util.TreeMap<>();
      bench.reconciles().forEach(e -> e.history().forEach(h -> eventTypes.merge(h.path("type").asText(), 1L, Long::sum)));
      out.set("reconcileHistoryEventTypes", JSON.valueToTree(eventTypes));
      out.set("reconcileNames", JSON.valueToTree(bench.reconciles().stream().map(Execution::name).toList()));
      // The first permanent step failure of the reconcile, to say why ENIs were left unmirrored.
      bench.reconciles().stream().flatMap(e -> e.history().stream())
          .filter(h -> h.path("type").asText().equals("LambdaFunctionFailed")
              && !h.toString().contains("TransientEc2Exception"))
          .findFirst().ifPresent(h -> out.put("firstPermanentFailure",
              h.path("lambdaFunctionFailedEventDetails").path("cause").asText().lines().findFirst().orElse("")));
      return out;
    }
  }
}
