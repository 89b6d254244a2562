package dev.mirrorflow.bench;

import static dev.mirrorflow.bench.Bench.f;
import static dev.mirrorflow.bench.Bench.row;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import java.util.List;
import java.util.Locale;

/**
 * Figure: coverage under churn. The same churn workload ({@link ChurnRun}) against each design, with
 * 0% and 5% of EC2 state-change events lost, and Mirrorflow as deployed once more without CloudTrail
 * events: coverage (mirrored eligible ENI-seconds / eligible ENI-seconds), time to mirror a new ENI,
 * ENIs never mirrored, stale sessions, mutating calls per mirrored ENI, executions and cost per hour,
 * time to mirror an attached ENI and to heal a session deleted by hand.
 */
final class Churn {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final double GOAL_COVERAGE = 0.99;
  static final double GOAL_P99_SECONDS = 65;

  private Churn() {}

  static ObjectNode run(boolean quick) throws Exception {
    // The clock's speed times the launch rate is what the 2-core machine must keep up with (about 2
    // launches and 2 terminations a real second); beyond it the figures measure the CPU, not the design.
    // Both fleets churn at the same pace relative to their size: a churned instance lives about 300 s
    // (the "a few hundred ENIs", "1/s each way"), the quiet subnet's are left alone.
    ChurnRun.Shape shape = quick
        ? new ChurnRun.Shape(4, 20, 3, 10, 0.2, 0.05, 0.05, 0.03)
        : new ChurnRun.Shape(10, 30, 15, 2, 1.0, 0.2, 0.05, 0.02);
    ObjectNode out = JSON.createObjectNode();
    out.putPOJO("shape", shape);
    ArrayNode runs = out.putArray("runs");
    long seed = 17;
    // -Dbench.churnRuns=DESIGN:LOSS:CLOUDTRAIL,... runs only those (e.g. AS_DEPLOYED:0.05:false).
    String only = System.getProperty("bench.churnRuns", "");
    if (!only.isBlank()) {
      for (String run : only.split(",")) {
        String[] p = run.trim().split(":");
        runs.add(one(shape, ChurnRun.Design.valueOf(p[0]), Double.parseDouble(p[1]), Boolean.parseBoolean(p[2]), seed++));
      }
      return out;
    }
    // Quick: the goal's 5% loss only, to stay within a few minutes.
    for (double loss : quick ? new double[] {0.05} : new double[] {0, 0.05}) {
      for (ChurnRun.Design design : ChurnRun.Design.values()) {
        runs.add(one(shape, design, loss, true, seed++));
      }
    }
    runs.add(one(shape, ChurnRun.Design.AS_DEPLOYED, 0.05, false, seed));
    return out;
  }

  private static ObjectNode one(ChurnRun.Shape shape, ChurnRun.Design design, double loss, boolean cloudTrail, long seed)
      throws Exception {
    System.err.printf(Locale.ROOT, "churn: %s, %.0f%% of state-change events lost%s, %d min at x%.0f%n", design.label,
        loss * 100, cloudTrail ? "" : ", no CloudTrail", shape.minutes(), shape.speed());
    ObjectNode run = new ChurnRun(shape, design, loss, cloudTrail, seed).run();
    System.err.println("  " + run);
    return run;
  }

  /** The churn rows of the bench table, and the goal's row. */
  static void table(StringBuilder t, JsonNode results) {
    JsonNode churn = results.path("churn");
    if (churn.isMissingNode()) {
      return;
    }
    for (JsonNode r : churn.path("runs")) {
      JsonNode ttm = r.path("timeToMirrorSeconds");
      double share = r.path("describeShare").asDouble(DescribeBudgetPlan.DEFAULT_SHARE);
      row(t, f("churn, %s, %.0f%% events lost%s%s", r.path("label").asText(), r.path("loss").asDouble() * 100,
              r.path("cloudTrail").asBoolean() ? "" : ", no CloudTrail",
              share == DescribeBudgetPlan.DEFAULT_SHARE ? "" : share == 0 ? ", no describe budget" : f(", describe share %.2f", share)),
          f("coverage %.2f%%; to mirror p50 %s p95 %s p99 %s max %s; %.1f s unmirrored per new ENI (99%% needs ENIs"
                  + " to live %.0f min); %d never mirrored (%d new, %d unmirrored at end);"
                  + " %.1f stale sessions; %.2f mutating calls/ENI; %s; $%.3f/h",
              r.path("coverage").asDouble() * 100, s(ttm.path("p50")), s(ttm.path("p95")), s(ttm.path("p99")),
              s(ttm.path("max")), r.path("unmirroredSecondsPerNewEni").asDouble(),
              r.path("unmirroredSecondsPerNewEni").asDouble() / (1 - GOAL_COVERAGE) / 60,
              r.path("neverMirrored").asLong(), r.path("newEnis").asLong(),
              r.path("unmirroredAtEnd").asLong(), r.path("staleSessionsMean").asDouble(),
              r.path("mutatingCallsPerMirroredEni").asDouble(), perHour(r.path("executionsPerHour")),
              r.path("usdPerHour").asDouble()),
          f("quiet subnet: attached ENI %s, hand-deleted session healed %s; under churn: attached ENI p50 %s (max %s, %d);"
                  + " hand-deleted session healed p50 %s (max %s, %d, %d unhealed)",
              quiet(r.path("quietSubnet").path("attachedEniSeconds")),
              quiet(r.path("quietSubnet").path("handDeleteHealSeconds")),
              s(r.path("attachedEniSeconds").path("p50")), s(r.path("attachedEniSeconds").path("max")),
              r.path("attachedEniSeconds").path("count").asInt(), s(r.path("handDeleteHealSeconds").path("p50")),
              s(r.path("handDeleteHealSeconds").path("max")), r.path("handDeleteHealSeconds").path("count").asInt(),
              r.path("handDeleteHealSeconds").path("unhealed").asLong()),
          "", "", null);
    }
    JsonNode deployed = find(churn, "AS_DEPLOYED", 0.05, true);
    if (deployed == null) {
      return;
    }
    boolean best = true;
    StringBuilder worse = new StringBuilder();
    for (JsonNode other : churn.path("runs")) {
      if (other == deployed || other.path("loss").asDouble() != 0.05 || !other.path("cloudTrail").asBoolean()) {
        continue;
      }
      String name = other.path("label").asText();
      if (other.path("coverage").asDouble() > deployed.path("coverage").asDouble()) {
        best = false;
        worse.append(" coverage vs ").append(name).append(';');
      }
      if (p99(other) >= 0 && p99(other) < p99(deployed)) {
        best = false;
        worse.append(" p99 vs ").append(name).append(';');
      }
      if (other.path("neverMirrored").asLong() < deployed.path("neverMirrored").asLong()) {
        best = false;
        worse.append(" never mirrored vs ").append(name).append(';');
      }
      if (other.path("staleSessionsMean").asDouble() < deployed.path("staleSessionsMean").asDouble()) {
        best = false;
        worse.append(" stale vs ").append(name).append(';');
      }
    }
    double coverage = deployed.path("coverage").asDouble();
    double p99 = p99(deployed);
    row(t, "churn goal: as deployed, 5% events lost",
        f("coverage %.2f%%, p99 to mirror %s%s", coverage * 100, s(deployed.path("timeToMirrorSeconds").path("p99")),
            worse.length() == 0 ? ", no worse than any other design" : ", worse on" + worse),
        f("coverage >= %.0f%%, p99 < %.0f s", GOAL_COVERAGE * 100, GOAL_P99_SECONDS), "",
        "coverage >= 99%, p99 < 65 s, no worse than the best other design on any line",
        coverage >= GOAL_COVERAGE && p99 >= 0 && p99 < GOAL_P99_SECONDS && best);
  }

  private static JsonNode find(JsonNode churn, String design, double loss, boolean cloudTrail) {
    for (JsonNode r : churn.path("runs")) {
      if (r.path("design").asText().equals(design) && r.path("loss").asDouble() == loss
          && r.path("cloudTrail").asBoolean() == cloudTrail) {
        return r;
      }
    }
    return null;
  }

  private static double p99(JsonNode run) {
    return run.path("timeToMirrorSeconds").path("p99").asDouble();
  }

  private static String perHour(JsonNode perHour) {
    StringBuilder out = new StringBuilder();
    for (String stem : List.of("scan-vpc", "reconcile-vpc", "event-router")) {
      out.append(out.length() == 0 ? "" : ", ").append(stem).append(f(" %.0f/h", perHour.path(stem).asDouble()));
    }
    return out.toString();
  }

  private static String quiet(JsonNode seconds) {
    return seconds.asDouble() < 0 ? f("> %d s", ChurnRun.QUIET_GIVE_UP.toSeconds()) : s(seconds);
  }

  private static String s(JsonNode seconds) {
    return seconds.asDouble() < 0 ? "-" : f("%.0f s", seconds.asDouble());
  }


}
