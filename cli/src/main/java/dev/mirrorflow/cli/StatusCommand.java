package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.ArrayList;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.eni.RefusalMemory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The registered VPCs: their configuration, whether they are active, what their last finished
 * reconcile found (ENIs eligible, mirrored, skipped by reason), and the refusals remembered on their
 * ENIs (EC2's code, until when the ENI is not tried again). Reads only; starts nothing.
 */
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
      Instant now = Instant.now();
      for (String vpc : vpcs) {
        ObjectNode status = status(registry, recent, vpc);
        status.set("rememberedRefusals", rememberedRefusals(cloud, vpc, now));
        all.add(status);
      }
      if (printer.json()) {
        printer.result(all);
        return Mirrorflow.EXIT_OK;
      }
      if (vpcs.isEmpty()) {
        printer.say("no VPC is registered with cluster '" + cloud.cluster() + "' in " + cloud.where());
        return Mirrorflow.EXIT_OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode s : all) {
        JsonNode last = s.path("lastRun");
        rows.add(List.of(
            s.path("vpcId").asText(),
            s.path("state").asText(),
            s.path("config").path("targetId").asText("-"),
            last.has("eligible") ? last.path("eligible").asText() : "-",
            last.has("mirrored") ? last.path("mirrored").asText() : "-",
            last.has("skipped") ? skipped(last.path("skipped")) : "-",
            last.isMissingNode() ? "never" : last.path("status").asText() + " " + last.path("stopped").asText(),
            refusals(s.path("rememberedRefusals"))));
      }
      printer.table(List.of("VPC", "STATE", "TARGET", "ELIGIBLE", "MIRRORED", "SKIPPED", "LAST RECONCILE",
          "REMEMBERED REFUSALS"), rows);
      return Mirrorflow.EXIT_OK;
    }
  }

  private static ObjectNode status(Registry registry, RecentExecutions recent, String vpc) {
    ObjectNode status = Printer.JSON.createObjectNode();
    status.put("vpcId", vpc);
    try {
      Optional<VpcMirroringConfig> config = registry.find(vpc);
      status.put("state", config.isEmpty() ? "incomplete" : registry.isActive(vpc) ? "active" : "removing");
      status.set("config", config.<JsonNode>map(Printer.JSON::valueToTree).orElse(Printer.JSON.nullNode()));
    } catch (InvalidVpcConfigException e) {
      status.put("state", "invalid");
      status.put("error", e.getMessage());
    }
    // The last finished reconcile that looked at the whole VPC (not a dry run, a purge or one subnet).
    Optional<RecentExecutions.Run> last = recent.of(vpc, List.of("reconcile-vpc")).stream()
        .filter(r -> !"RUNNING".equals(r.status()))
        .filter(r -> !r.input().path("dryRun").asBoolean() && !r.input().path("purge").asBoolean()
            && r.input().path("subnetIds").isEmpty())
        .findFirst();
    last.ifPresent(run -> {
      ObjectNode lastRun = status.putObject("lastRun");
      lastRun.put("status", run.status());
      lastRun.put("stopped", String.valueOf(run.stop()));
      lastRun.put("executionArn", run.arn());
      if (run.error() != null) {
        lastRun.put("error", run.error());
      }
      JsonNode summary = run.output();
      if (summary.isObject()) {
        int mirrored = summary.path("created").asInt(0) + summary.path("kept").asInt(0);
        lastRun.put("eligible", mirrored + sum(summary.path("failed")));
        lastRun.put("mirrored", mirrored);
        lastRun.set("skipped", summary.path("skipped"));
        lastRun.set("failed", summary.path("failed"));
      }
    });
    return status;
  }

  /**
   * The live refusals remembered in the tags of the VPC's ENIs (see {@code eni.RefusalMemory}): each
   * ENI with EC2's code and until when it is not tried again. One describe call.
   */
  static ArrayNode rememberedRefusals(Cloud cloud, String vpc, Instant now) {
    ArrayNode out = Printer.JSON.createArrayNode();
    var enis = cloud.call(() -> cloud.ec2().describeNetworkInterfacesPaginator(b -> b.filters(
        f -> f.name("vpc-id").values(vpc), f -> f.name("tag-key").values(MirrorTags.REFUSED, MirrorTags.MIRRORING_UNSUPPORTED)))
        .networkInterfaces().stream().toList());
    for (var eni : enis) {
      for (var tag : eni.tagSet()) {
        boolean unsupported = MirrorTags.MIRRORING_UNSUPPORTED.equals(tag.key());
        if (!unsupported && !MirrorTags.REFUSED.equals(tag.key())) {
          continue;
        }
        RefusalMemory.parse(tag.value()).ifPresent(entry -> {
          Instant until = entry.at().plus(unsupported ? RefusalMemory.UNSUPPORTED_FOR : RefusalMemory.LIMIT_FOR);
          if (until.isAfter(now)) {
            out.addObject().put("eniId", eni.networkInterfaceId())
                .put("error", unsupported ? RefusalMemory.NOT_SUPPORTED : entry.subject())
                .put("instanceType", unsupported ? entry.subject() : null)
                .put("since", entry.at().toString()).put("until", until.toString());
          }
        });
      }
    }
    return out;
  }

  private static String refusals(JsonNode remembered) {
    if (!remembered.isArray() || remembered.isEmpty()) {
      return "-";
    }
    java.util.Map<String, Integer> byCode = new java.util.TreeMap<>();
    String latest = "";
    for (JsonNode r : remembered) {
      byCode.merge(r.path("error").asText(), 1, Integer::sum);
      latest = r.path("until").asText().compareTo(latest) > 0 ? r.path("until").asText() : latest;
    }
    StringBuilder b = new StringBuilder();
    byCode.forEach((code, n) -> b.append(b.length() == 0 ? "" : ", ").append(code).append('=').append(n));
    return b + " (until " + latest + " at the latest)";
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
