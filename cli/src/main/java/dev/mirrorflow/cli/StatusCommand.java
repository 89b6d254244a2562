package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The registered VPCs, their configuration, and what their last reconcile found. */
@Command(
    name = "status",
    description = "Registered VPCs; ENIs eligible, mirrored, skipped by reason; last run.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand Mirrorflow root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "VPC_ID", arity = "0..1", description = "One VPC (default: every registered VPC).")
  String vpcId;

  @Override
  public Integer call() {
    if (vpcId != null) {
      Ids.vpc(vpcId);
    }
    Printer printer = new Printer(spec.commandLine().getOut(), root.output);
    try (Cloud cloud = new Cloud(root)) {
      Registry registry = new Registry(cloud);
      List<String> vpcs;
      if (vpcId != null) {
        registry.requireRegistered(vpcId);
        vpcs = List.of(vpcId);
      } else {
        vpcs = registry.vpcIds();
      }
      ArrayNode all = Printer.JSON.createArrayNode();
      RecentExecutions recent = new RecentExecutions(cloud);
      for (String vpc : vpcs) {
        ObjectNode status = all.addObject();
        status.put("vpcId", vpc);
        Optional<JsonNode> registration = registry.find(vpc);
        status.set("config", registration.map(r -> r.path("config")).orElse(Printer.JSON.nullNode()));
        Optional<RecentExecutions.Run> last =
            recent.of(vpc, List.of("reconcile-vpc")).stream()
                .filter(r -> !"RUNNING".equals(r.status()))
                .findFirst();
        last.ifPresent(run -> {
          ObjectNode lastRun = status.putObject("lastRun");
          lastRun.put("status", run.status());
          lastRun.put("stopped", String.valueOf(run.stop()));
          lastRun.put("error", run.error());
          lastRun.set("summary", run.output());
        });
      }
      if (printer.json()) {
        printer.result(all);
        return 0;
      }
      if (vpcs.isEmpty()) {
        printer.say("no VPC is registered with cluster '" + cloud.cluster() + "'");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode s : all) {
        JsonNode summary = s.path("lastRun").path("summary");
        int mirrored = summary.path("created").asInt(0) + summary.path("kept").asInt(0);
        int failed = sum(summary.path("failed"));
        rows.add(List.of(
            s.path("vpcId").asText(),
            s.path("config").path("targetId").asText("-"),
            String.valueOf(mirrored + failed),
            String.valueOf(mirrored),
            skipped(summary.path("skipped")),
            s.path("lastRun").isMissingNode()
                ? "never"
                : s.path("lastRun").path("status").asText() + " " + s.path("lastRun").path("stopped").asText()));
      }
      printer.table(List.of("VPC", "TARGET", "ELIGIBLE", "MIRRORED", "SKIPPED", "LAST RUN"), rows);
      return 0;
    }
  }

  private static int sum(JsonNode counts) {
    int total = 0;
    for (JsonNode n : counts) {
      total += n.asInt(0);
    }
    return total;
  }

  private static String skipped(JsonNode byReason) {
    if (!byReason.isObject() || byReason.isEmpty()) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    byReason.fields().forEachRemaining(e -> {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(e.getKey()).append('=').append(e.getValue().asInt());
    });
    return sum(byReason) + " (" + b + ")";
  }
}
