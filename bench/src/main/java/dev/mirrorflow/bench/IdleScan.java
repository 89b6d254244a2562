package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Figure 2: a scan of a converged VPC, with nothing to do. Counts EC2 calls, Lambda invocations and
 * state transitions and times it, against the fewest describe pages that can answer the question.
 * The scan is scan-vpc (the scheduled workflow, EXPRESS) when the repository has it, else
 * reconcile-vpc (whose PlanVpc → NothingToDo path is the same question).
 */
final class IdleScan {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int PAGE = 1000;
  static final int SCANS = 5;

  static ObjectNode run(int subnetCount, int enisPerSubnet) throws Exception {
    // 1 in 6 ENIs ineligible, as in the bulk VPC; converged fast, then measured on a real-time clock.
    int ineligible = Math.max(2, enisPerSubnet / 6);
    int eligible = enisPerSubnet - ineligible;
    try (BenchCloud bench = BenchCloud.start(subnetCount > 50 ? 5 : 20).seedVpc(subnetCount, eligible, ineligible)) {
      Execution first = bench.registerAndReconcile().await(Duration.ofMinutes(20));
      if (bench.unmirrored() != 0) {
        throw new IllegalStateException("setup did not converge: " + first.status() + " " + first.output().orElse("")
            + first.error().orElse(""));
      }
      bench.cloud.clock().setSpeed(1);
      Ec2Knobs knobs = bench.cloud.ec2().knobs();
      BulkConvergence.configure(knobs);
      boolean scanVpc = bench.deployment.stateMachineArns().containsKey("scan-vpc");
      String workflow = scanVpc ? "scan-vpc" : "reconcile-vpc";
      String input = scanVpc ? bench.registrationInput()
          : JSON.createObjectNode().put("cluster", BenchCloud.CLUSTER).put("vpcId", bench.vpcId).toString();

      java.util.Set<String> subnets = new java.util.HashSet<>(bench.subnetIds);
      long instances = bench.cloud.ec2().world().instances().stream().filter(i -> subnets.contains(i.subnetId())).count();
      long enis = bench.cloud.ec2().world().networkInterfaces().stream()
          .filter(n -> subnets.contains(n.subnetId())).count();
      long sessions = bench.cloud.ec2().world().sessions().size();
      long fewestPages = pages(enis) + pages(instances) + pages(sessions);

      long calls = 0;
      long invocations = 0;
      long transitions = 0;
      double wallMs = 0;
      double lambdaMs = 0;
      double maxCalls = 0;
      Map<String, Long> callsByAction = new HashMap<>();
      // One scan first, not counted: as on AWS, where a scan every minute keeps the function warm, the
      // JVM's first Step Functions and EC2 calls from this handler (class loading, JIT) are not a scan's cost.
      bench.cloud.stepFunctions().startExecution(bench.deployment.stateMachineArn(workflow),
          bench.vpcId + "-" + workflow + "-warm", input).await(Duration.ofMinutes(2));
      for (int i = 0; i < SCANS; i++) {
        bench.cloud.ec2().resetCallCounts();
        Map<String, Long> lambdaBefore = bench.cloud.lambda().invocationCounts();
        long before = System.nanoTime();
        Execution scan = bench.cloud.stepFunctions().startExecution(bench.deployment.stateMachineArn(workflow),
            bench.vpcId + "-" + workflow + "-idle-" + i, input).await(Duration.ofMinutes(2));
        wallMs += (System.nanoTime() - before) / 1e6;
        if (!"SUCCEEDED".equals(scan.status().name())) {
          throw new IllegalStateException("idle scan failed: " + scan.error().orElse("") + " " + scan.cause().orElse(""));
        }
        long c = bench.cloud.ec2().callCounts().values().stream().mapToLong(Long::longValue).sum();
        bench.cloud.ec2().callCounts().forEach((k, v) -> callsByAction.merge(k, v, Long::sum));
        calls += c;
        maxCalls = Math.max(maxCalls, c);
        Map<String, Long> lambdaAfter = bench.cloud.lambda().invocationCounts();
        invocations += lambdaAfter.entrySet().stream()
            .mapToLong(e -> e.getValue() - lambdaBefore.getOrDefault(e.getKey(), 0L)).sum();
        transitions += scan.stateTransitions();
        lambdaMs += lambdaMillis(scan);
      }
      ObjectNode out = JSON.createObjectNode();
      out.put("workflow", workflow).put("workflowType", scanVpc ? "EXPRESS" : "STANDARD")
          .put("subnets", subnetCount).put("enis", enis).put("eligibleEnis", bench.eligibleEnis.size())
          .put("instances", instances).put("sessions", sessions)
          .put("fewestPages", fewestPages)
          .put("ec2Calls", (double) calls / SCANS).put("ec2CallsOverFewest", maxCalls - fewestPages)
          .put("lambdaInvocations", (double) invocations / SCANS)
          .put("stateTransitions", (double) transitions / SCANS)
          .put("wallMillis", wallMs / SCANS).put("lambdaMillis", lambdaMs / SCANS).put("scans", SCANS);
      Map<String, Double> perScan = new HashMap<>();
      callsByAction.forEach((k, v) -> perScan.put(k, (double) v / SCANS));
      out.set("ec2CallsByAction", JSON.valueToTree(perScan));
      return out;
    }
  }

  static long pages(long items) {
    return Math.max(1, (items + PAGE - 1) / PAGE);
  }

  /** The summed duration of the execution's Lambda invocations, from its history. */
  static double lambdaMillis(Execution execution) {
    Map<Long, Double> started = new HashMap<>();
    double total = 0;
    for (JsonNode e : execution.history()) {
      String type = e.path("type").asText();
      if (type.equals("LambdaFunctionStarted")) {
        started.put(e.path("id").asLong(), e.path("timestamp").asDouble());
      } else if (type.equals("LambdaFunctionSucceeded") || type.equals("LambdaFunctionFailed")
          || type.equals("LambdaFunctionTimedOut")) {
        Double s = started.get(e.path("previousEventId").asLong());
        if (s != null) {
          total += (e.path("timestamp").asDouble() - s) * 1000;
        }
      }
    }
    return total;
  }
}
