package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.AssumeRoleFailedException;
import dev.mirrorflow.activities.ec2.MirrorTags;
import software.amazon.awssdk.services.sts.model.StsException;
import dev.mirrorflow.activities.eni.RefusalMemory;
import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The registered VPCs: their configuration, whether they are active, and what is true of them right
 * now, read live in three describe listings per VPC ({@link VpcView}): ENIs eligible, mirrored,
 * pending, skipped by reason; with {@code --enis}, every ENI with its session or skip reason. The last
 * finished reconcile is shown beside, with its time, and the refusals remembered on the VPC's ENIs
 * (EC2's code, until when the ENI is not tried again). Reads only; starts nothing.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = {
      "Registered VPCs, read live: ENIs eligible, mirrored, pending, skipped by reason; the last reconcile.",
      "With --enis, every ENI: subnet, instance, type, its owned session (id, number, VNI) or why it is skipped."})
final class StatusCommand implements Callable<Integer> {
  /** The state of a registration whose configuration differs from what add-vpc last wrote. */
  static final String CHANGED_OUTSIDE_ADD_VPC = "changed-outside-add-vpc";

  @ParentCommand Mirrorflow root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "VPC_ID", arity = "0..1", description = "One VPC (default: every registered VPC).")
  String vpcId;

  @Option(names = "--enis", description = "List every ENI of the VPC(s): subnet, instance, type, session or skip reason.")
  boolean enis;

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
      Map<String, VpcView> views = new LinkedHashMap<>();
      RecentExecutions recent = new RecentExecutions(cloud);
      Instant now = Instant.now();
      List<ObjectNode> statuses = new ArrayList<>();
      for (String vpc : vpcs) {
        ObjectNode status = status(cloud, registry, recent, vpc, views);
        String account = status.path("account").asText(null);
        try {
          status.set("rememberedRefusals", rememberedRefusals(cloud, account, vpc, now));
        } catch (AssumeRoleFailedException | StsException e) {
          status.set("rememberedRefusals", Printer.JSON.createArrayNode());
        }
        statuses.add(status);
      }
      // Grouped by account: the hub's own first, then each member account's VPCs.
      statuses.sort(java.util.Comparator.comparing(s -> s.path("account").asText("")));
      statuses.forEach(all::add);
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
        JsonNode live = s.path("live");
        JsonNode last = s.path("lastRun");
        rows.add(List.of(
            s.path("account").asText("hub"),
            s.path("vpcId").asText(),
            s.path("state").asText(),
            s.path("config").path("targetId").asText("-"),
            live.has("eligible") ? live.path("eligible").asText() : "-",
            live.has("mirrored") ? live.path("mirrored").asText() : "-",
            live.has("pending") ? live.path("pending").asText() : "-",
            live.has("skipped") ? skipped(live.path("skipped")) : "-",
            last.isMissingNode() ? "never" : last.path("status").asText() + " " + last.path("stopped").asText(),
            refusals(s.path("rememberedRefusals"))));
      }
      printer.table(List.of("ACCOUNT", "VPC", "STATE", "TARGET", "ELIGIBLE", "MIRRORED", "PENDING", "SKIPPED", "LAST RECONCILE",
          "REMEMBERED REFUSALS"), rows);
      for (JsonNode s : all) {
        if (CHANGED_OUTSIDE_ADD_VPC.equals(s.path("state").asText())) {
          printer.say(s.path("vpcId").asText() + ": its registration was changed outside add-vpc (its configuration no "
              + "longer matches the digest add-vpc wrote): no reconcile acts on it; check who changed it (the cluster's "
              + "alarm topic, CloudTrail), then confirm a config with `mirrorflow add-vpc " + s.path("vpcId").asText() + "`");
        }
      }
      printer.say("ENI counts read live from EC2 just now" + (enis ? "" : "; every ENI with its session or skip reason: add --enis"));
      for (VpcView view : views.values()) {
        if (enis) {
          printer.say("");
          printer.say(view.vpcId() + ":");
          printer.table(VpcView.ENI_HEADER, view.enisRows());
        }
      }
      return Mirrorflow.EXIT_OK;
    }
  }

  private ObjectNode status(Cloud cloud, Registry registry, RecentExecutions recent, String vpc, Map<String, VpcView> views) {
    ObjectNode status = Printer.JSON.createObjectNode();
    status.put("vpcId", vpc);
    Optional<VpcMirroringConfig> config = Optional.empty();
    try {
      Optional<VpcRegistry.Registered> registered = registry.lookup(vpc);
      config = registered.map(VpcRegistry.Registered::config);
      status.put("state", registered.isEmpty() ? "incomplete" : !registered.get().active() ? "removing"
          : !registered.get().confirmed() ? CHANGED_OUTSIDE_ADD_VPC : "active");
      registered.ifPresent(r -> status.put("confirmed", r.confirmed()));
      status.set("config", config.<JsonNode>map(Printer.JSON::valueToTree).orElse(Printer.JSON.nullNode()));
    } catch (InvalidVpcConfigException e) {
      status.put("state", "invalid");
      status.put("error", e.getMessage());
    }
    if (config.isPresent()) {
      VpcMirroringConfig registered = config.get();
      if (registered.account() != null) {
        status.put("account", registered.account());
      }
      try {
        VpcView view = cloud.call(() -> VpcView.read(cloud.mirroring(registered.account()), cloud.cluster(), vpc,
            registered, cloud.now()));
        views.put(vpc, view);
        status.set("live", view.totals());
        if (enis) {
          status.set("enis", view.enisJson());
        }
      } catch (AssumeRoleFailedException | StsException e) {
        // The member role trusts the cluster's steps; an operator reads member accounts only if trusted too.
        status.put("liveUnavailable", "cannot read account " + registered.account() + " live: this principal cannot"
            + " assume its member role (" + e.getMessage() + "); the last reconcile's summary is below");
      }
    }
    // The last finished reconcile (not a dry run or a purge), whole VPC or some subnets.
    Optional<RecentExecutions.Run> last = recent.of(vpc, List.of("reconcile-vpc")).stream()
        .filter(r -> !"RUNNING".equals(r.status()))
        .filter(r -> !r.input().path("dryRun").asBoolean() && !r.input().path("purge").asBoolean())
        .findFirst();
    last.ifPresent(run -> {
      ObjectNode lastRun = status.putObject("lastRun");
      lastRun.put("status", run.status());
      lastRun.put("stopped", String.valueOf(run.stop()));
      lastRun.put("executionArn", run.arn());
      if (!run.input().path("subnetIds").isEmpty()) {
        lastRun.set("subnetIds", run.input().path("subnetIds"));
      }
      if (run.error() != null) {
        lastRun.put("error", run.error());
      }
      if (run.output().isObject()) {
        lastRun.set("summary", run.output());
      }
    });
    return status;
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
  /**
   * The live refusals remembered in the tags of the VPC's ENIs (see {@code eni.RefusalMemory}): each
   * ENI with EC2's code and until when it is not tried again. One describe call.
   */
  static ArrayNode rememberedRefusals(Cloud cloud, String vpc, Instant now) {
    return rememberedRefusals(cloud, null, vpc, now);
  }

  /** The refusals remembered on a VPC's ENIs in {@code account} (null: this principal's own). */
  static ArrayNode rememberedRefusals(Cloud cloud, String account, String vpc, Instant now) {
    ArrayNode out = Printer.JSON.createArrayNode();
    var enis = cloud.call(() -> cloud.ec2(account).describeNetworkInterfacesPaginator(b -> b.filters(
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

}
