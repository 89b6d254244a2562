package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import dev.mirrorflow.local.LocalCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run [--quick]}: measures Mirrorflow's scale, cost and cold starts on the local cloud
 * with AWS's default EC2 rate limits, prints a table and writes {@code bench/results.json}. Every
 * figure is a ratio to its bound or baseline, measured in the same run.
 */
public final class Bench {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Bench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    String only = List.of(args).stream().filter(a -> a.startsWith("--only=")).map(a -> a.substring(7)).findFirst()
        .orElse("all");
    // The steps' metric lines (EMF on stdout, as on Lambda) would bury the table.
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    Path root = LocalCloud.stateMachinesDirectory().getParent();
    ObjectNode results = JSON.createObjectNode();
    results.put("mode", quick ? "quick" : "full").put("startedAt", Instant.now().toString())
        .put("machine", System.getProperty("bench.machine", "")).put("java", System.getProperty("java.version"));
    long t0 = System.nanoTime();

    BulkConvergence.Shape bulk = quick ? new BulkConvergence.Shape(10, 100, 20) : new BulkConvergence.Shape(100, 100, 20);
    // Real CPU time is multiplied by the speed in virtual time: at 10,000 ENIs a PlanVpc takes a few real
    // seconds of XML, which at x20 would exceed the step's 60 s timeout. x5 keeps that overhead small.
    double speed = quick ? 20 : 5;
    if (only.equals("all") || only.equals("bulk")) {
    log("bulk convergence: %d eligible + %d ineligible ENIs in %d subnets, clock x%.0f", bulk.eligible(),
        bulk.ineligible(), bulk.subnets(), speed);
    ObjectNode converge = BulkConvergence.run(bulk, speed);
    results.set("bulkConvergence", converge);
    log("  %s", converge);
    log("per-ENI baseline");
    ObjectNode baseline = PerEniBaseline.run(bulk, speed);
    results.set("perEniBaseline", baseline);
    log("  %s", baseline);
    }
    if (only.equals("all") || only.equals("accounts")) { log("accounts: 3 x %d ENIs", bulk.eligible()); results.set("accountsBulkConvergence", AccountsBulkConvergence.run(bulk, speed)); log("  %s", results.get("accountsBulkConvergence")); }
    if (only.equals("all") || only.equals("idle")) {

    int[][] idleSizes = quick ? new int[][] {{10, 100}, {20, 100}} : new int[][] {{20, 100}, {100, 100}};
    List<ObjectNode> idles = new ArrayList<>();
    for (int[] size : idleSizes) {
      log("idle scan: %d ENIs in %d subnets", size[0] * size[1], size[0]);
      ObjectNode idle = IdleScan.run(size[0], size[1]);
      idles.add(idle);
      log("  %s", idle);
    }
    results.set("idleScans", JSON.valueToTree(idles));
    ObjectNode costBase = idles.stream().filter(i -> i.path("enis").asLong() >= 2000).findFirst().orElse(idles.get(idles.size() - 1));
    // The type the every-minute scan is deployed as, whichever workflow answered the idle scan.
    String scanType = JSON.readTree(root.resolve("state-machines").resolve("workflow-types.json").toFile())
        .path("scan-vpc").asText("STANDARD");
    ObjectNode cost = MonthlyCost.of(costBase, scanType);
    cost.put("forEnis", costBase.path("enis").asLong());
    results.set("monthlyCost", cost);
    }
    if (only.equals("all") || only.equals("event")) {

    log("event to session");
    ObjectNode event = EventToSession.run();
    results.set("eventToSession", event);
    }
    if (only.equals("all") || only.equals("storm")) {
    List<StormBurst.Shape> storms = quick ? List.of(new StormBurst.Shape(100, 1))
        : List.of(new StormBurst.Shape(100, 1), new StormBurst.Shape(500, 1), new StormBurst.Shape(500, 10));
    List<ObjectNode> bursts = new ArrayList<>();
    for (StormBurst.Shape shape : storms) {
      // The same burst without and with the describe budget, one after the other in this run.
      for (DescribeBudgetPlan budget : java.util.Arrays.asList(null, DescribeBudgetPlan.defaults())) {
        log("event storm: %d launches in %d subnets, %s", shape.launches(), shape.subnets(),
            budget == null ? "no describe budget" : "describe budget " + budget.share());
        ObjectNode burst = StormBurst.run(shape, budget);
        bursts.add(burst);
        log("  %s", burst);
      }
    }
    results.set("storms", JSON.valueToTree(bursts));
    }
    if (only.equals("all") || only.equals("cold")) {

    log("cold starts");
    ObjectNode cold = ColdStart.run(quick ? 1 : 3, Path.of(System.getProperty("bench.urlConnectionClasspath")),
        Path.of(System.getProperty("bench.apacheJar")));
    results.set("coldStart", cold);
    }
    if (only.equals("all") || only.equals("receiver")) {
      log("receiver on loopback");
      results.set("receiver", ReceiverBench.run(quick));
    }
    if (only.equals("all") || only.equals("vpcs")) {
      // VPCs per account, as VPCS:MINUTES:CLOCK-SPEED[:FLEXIBLE-WINDOW-MINUTES] (-Dbench.vpcRuns=...).
      List<ObjectNode> counts = new ArrayList<>();
      String runs = System.getProperty("bench.vpcRuns",
          quick ? "10:3:4,100:3:4" : "10:10:4,100:10:4,1000:10:1,1000:10:1:1");
      for (String run : runs.split(",")) {
        String[] p = run.trim().split(":");
        int size = Integer.parseInt(p[0]);
        int minutes = Integer.parseInt(p[1]);
        double vpcSpeed = Double.parseDouble(p[2]);
        int window = p.length > 3 ? Integer.parseInt(p[3]) : 0;
        {
          log("VPC count: %d VPCs, %d minutes, clock x%.0f, flexible window %d min", size, minutes, vpcSpeed, window);
          ObjectNode count = VpcCount.run(size, minutes, vpcSpeed, window);
          counts.add(count);
          log("  %s", count);
        }
      }
      results.set("vpcCounts", JSON.valueToTree(counts));
    }
    if (only.equals("all") || only.equals("churn")) results.set("churn", Churn.run(quick));
    results.put("benchSeconds", (System.nanoTime() - t0) / 1e9);

    String table = table(results);
    results.put("table", table);
    // A partial run (--only=...) must not overwrite the full table's results.
    Path out = only.equals("all") ? root.resolve("bench").resolve("results.json")
        : root.resolve("bench").resolve("target").resolve("results-" + only + ".json");
    Files.writeString(out, JSON.writeValueAsString(results));
    stdout.println();
    stdout.println(table);
  }

  static String table(JsonNode r) {
    StringBuilder t = new StringBuilder();
    t.append("| figure | measured | bound / baseline | ratio | target | met |\n");
    t.append("| --- | --- | --- | --- | --- | --- |\n");
    JsonNode b = r.path("bulkConvergence");
    if (!b.isMissingNode()) {
    JsonNode base = r.path("perEniBaseline");
    row(t, "bulk convergence, " + b.path("eligibleEnis").asInt() + " ENIs / " + b.path("subnets").asInt() + " subnets",
        f("%.0f s, %d unmirrored, %d duplicates", b.path("secondsToLastSession").asDouble(), b.path("unmirrored").asInt(),
            b.path("duplicates").asInt()),
        f("bucket bound %.0f s", b.path("lowerBoundSeconds").asDouble()),
        f("%.2fx", b.path("ratioToLowerBound").asDouble()), "<= 1.15x, 0 unmirrored",
        b.path("ratioToLowerBound").asDouble() <= 1.15 && b.path("unmirrored").asInt() == 0);
    row(t, "per-ENI baseline (SDK " + base.path("retryStrategy").asText() + ", " + base.path("maxAttempts").asInt()
            + " attempts)",
        f("%.0f s, %d unmirrored", base.path("seconds").asDouble(), base.path("unmirrored").asInt()),
        f("bucket bound %.0f s", b.path("lowerBoundSeconds").asDouble()),
        f("%.2fx (ours %.2fx of its time)", base.path("ratioToLowerBound").asDouble(),
            b.path("secondsToLastSession").asDouble() / base.path("seconds").asDouble()), "(baseline)", null);
    }
    for (JsonNode v : r.path("vpcCounts")) {
      StringBuilder perAction = new StringBuilder();
      v.path("describeCallsPerSecond").fields().forEachRemaining(e -> perAction.append(e.getKey().replace("Describe", ""))
          .append(f(" %.1f/s", e.getValue().asDouble())).append(f(" (%d throttled); ",
              v.path("throttledCalls").path(e.getKey()).asLong())));
      double worst = 0;
      for (JsonNode c : v.path("describeCallsPerSecond")) {
        worst = Math.max(worst, c.asDouble());
      }
      double refill = v.path("describeRefillPerSecond").asDouble();
      row(t, "VPC count, " + v.path("vpcs").asInt() + " VPCs, " + v.path("minutes").asInt() + " min"
              + (v.path("flexibleWindowMinutes").asInt() > 0 ? ", flexible window " + v.path("flexibleWindowMinutes").asInt()
              + " min" : ", aligned firings"),
          perAction + f("%d scans (of %d), %d late, %d failed; triggers $%.2f + scans $%.2f a month",
              v.path("scans").asLong(), v.path("expectedScans").asLong(), v.path("lateScans").asLong(),
              v.path("failedScans").asLong(), v.path("triggersUsdPerMonth").asDouble(), v.path("scansUsdPerMonth").asDouble()),
          f("describe refill %.0f/s per action", refill), f("%.2fx of refill (busiest action)", worst / refill),
          "<= 0.5x refill, 0 late, 0 failed",
          worst <= 0.5 * refill && v.path("lateScans").asLong() == 0 && v.path("failedScans").asLong() == 0);
    }
    List<JsonNode> idles = new ArrayList<>();
    r.path("idleScans").forEach(idles::add);
    for (JsonNode i : idles) {
      row(t, "idle scan (" + i.path("workflow").asText() + "), " + i.path("enis").asLong() + " ENIs / "
              + i.path("subnets").asInt() + " subnets",
          f("%.1f EC2 calls, %.1f Lambda, %.1f transitions, %.0f ms", i.path("ec2Calls").asDouble(),
              i.path("lambdaInvocations").asDouble(), i.path("stateTransitions").asDouble(), i.path("wallMillis").asDouble()),
          f("fewest pages %d", i.path("fewestPages").asLong()),
          f("%+.0f calls", i.path("ec2CallsOverFewest").asDouble()), "<= +2 calls",
          i.path("ec2CallsOverFewest").asDouble() <= 2);
    }
    if (idles.size() == 2) {
      JsonNode a = idles.get(0);
      JsonNode c = idles.get(1);
      boolean flat = c.path("lambdaInvocations").asDouble() <= a.path("lambdaInvocations").asDouble()
          && c.path("stateTransitions").asDouble() <= a.path("stateTransitions").asDouble();
      row(t, "idle scan growth with subnets (" + a.path("subnets").asInt() + " -> " + c.path("subnets").asInt() + ")",
          f("Lambda %.1f -> %.1f, transitions %.1f -> %.1f", a.path("lambdaInvocations").asDouble(),
              c.path("lambdaInvocations").asDouble(), a.path("stateTransitions").asDouble(),
              c.path("stateTransitions").asDouble()),
          "", "", "no growth", flat);
    }
    JsonNode cost = r.path("monthlyCost");
    if (!cost.isMissingNode()) {
    boolean express = cost.path("deployedType").asText().equals("EXPRESS");
    double deployed = express ? cost.path("totalIfExpress").asDouble() : cost.path("totalIfStandard").asDouble();
    row(t, "cost per VPC-month, " + cost.path("forEnis").asLong() + " ENIs, 1/min, scan-vpc "
            + cost.path("deployedType").asText() + " (measured on " + cost.path("measuredWorkflow").asText() + ")",
        f("$%.3f (Lambda $%.3f + %s $%.3f)", deployed, cost.path("lambdaUsd").asDouble(),
            express ? "Express" : "Standard",
            express ? cost.path("expressWorkflowUsd").asDouble() : cost.path("standardWorkflowUsd").asDouble()),
        f("other type: $%.3f", express ? cost.path("totalIfStandard").asDouble() : cost.path("totalIfExpress").asDouble()),
        "", "< $1", deployed < 1);
    }
    JsonNode ev = r.path("eventToSession");
    if (!ev.isMissingNode()) {
    row(t, "event to session (median of " + ev.path("launches").asInt() + " launches)",
        ev.path("measured").asBoolean() ? f("%.0f ms (max %.0f ms)", ev.path("millis").asDouble(), ev.path("maxMillis").asDouble())
        : ev.path("reason").asText(), "", "", "< 2 s",
        ev.path("measured").asBoolean() ? ev.path("millis").asDouble() < 2000 : null);
    }
    for (JsonNode s : r.path("storms")) {
      if (!s.path("measured").asBoolean()) {
        row(t, "event storm, " + s.path("launches").asInt() + " launches", s.path("reason").asText(), "", "", "", null);
        continue;
      }
      double ratio = s.path("ratioToBound").asDouble();
      boolean met = s.path("unmirrored").asLong() == 0 && ratio >= 0 && ratio <= 1.2
          && s.path("reconcileExecutions").asInt() <= 5 && s.path("createsPerSession").asDouble() <= 1.1
          && s.path("outsideProbesThrottled").asInt() == 0;
      double share = s.path("describeShare").asDouble();
      row(t, "event storm, " + s.path("launches").asInt() + " launches / " + s.path("subnets").asInt() + " subnets, "
              + (share == 0 ? "no describe budget" : "describe budget " + share),
          f("%.1f s, %d unmirrored, %d reconciles, %d EC2 calls (%d describes, %.2f creates/session), peak %d describes/s"
                  + " (busiest action %s %d/s), outside describes throttled %d/%d",
              s.path("secondsToLastSession").asDouble(), s.path("unmirrored").asLong(), s.path("reconcileExecutions").asInt(),
              s.path("ec2Calls").asLong(), s.path("describeCalls").asLong(), s.path("createsPerSession").asDouble(),
              s.path("peakDescribesPerSecond").asLong(), s.path("peakAction").asText(), s.path("peakActionPerSecond").asLong(),
              s.path("outsideProbesThrottled").asInt(), s.path("outsideProbes").asInt()),
          f("mutating bound %.0f s, describe refill %.0f/s per action%s", s.path("mutatingBoundSeconds").asDouble(),
              s.path("describeRefillPerSecond").asDouble(),
              share == 0 ? "" : f(", share %.1f/s", share * s.path("describeRefillPerSecond").asDouble())),
          f("%.2fx", ratio), "<= 1.2x, <= 5 reconciles, <= 1.1 creates/session, 0 outside throttled", met);
    }
    for (JsonNode s : r.path("coldStart").path("steps")) {
      double u = s.path("urlConnectionMillis").asDouble();
      row(t, "cold start " + s.path("step").asText(), f("%.0f ms", u),
          f("SDK default client %.0f ms", s.path("sdkDefaultMillis").asDouble()),
          f("%.2fx faster (with an AppCDS archive: %.0f ms)", s.path("speedup").asDouble(),
              s.path("urlConnectionWithAppCdsMillis").asDouble()), "< 1 s, >= 1.5x",
          u < 1000 && s.path("speedup").asDouble() >= 1.5);
    }
    ReceiverBench.table(t, r);
    Churn.table(t, r);
    return t.toString();
  }

  /** One row of the figures table: figure, measured, bound or baseline, ratio, target, met. */
  static void row(StringBuilder t, String figure, String measured, String bound, String ratio, String target,
      Boolean met) {
    t.append("| ").append(figure).append(" | ").append(measured).append(" | ").append(bound).append(" | ")
        .append(ratio).append(" | ").append(target).append(" | ")
        .append(met == null ? "" : met ? "yes" : "NO").append(" |\n");
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static void log(String format, Object... args) {
    System.err.println(f(format, args));
  }
}
