package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Shows what would happen, changing nothing. For a registered VPC without options: a dry-run
 * reconcile (the workflow itself). With add-vpc's options, or for a VPC not registered yet: what
 * add-vpc with those options would do, judged here by the product's own planner on a live read.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "plan",
    description = {
      "Show what a reconcile would do; changes nothing.",
      "With add-vpc's options, or for a VPC not registered yet: what add-vpc with those options would do."})
final class PlanCommand extends WorkflowCommand {
  @Parameters(paramLabel = "VPC_ID", description = "A VPC (registered, or one to preview add-vpc for).")
  String vpcId;

  @Mixin VpcConfigOptions options;

  @Override
  void validate() {
    super.validate();
    options.validate();
  }

  @Override
  public Integer call() {
    validate();
    Optional<VpcMirroringConfig> registered;
    try (Cloud cloud = new Cloud(root)) {
      Registry registry = new Registry(cloud);
      try {
        registered = registry.find(vpcId);
      } catch (InvalidVpcConfigException e) {
        registered = Optional.empty();
      }
      if (registered.isEmpty() || options.anyGiven()) {
        return preview(cloud, registered);
      }
    }
    return super.call();
  }

  /** What add-vpc with these options would do now, read live; nothing is started or changed. */
  private int preview(Cloud cloud, Optional<VpcMirroringConfig> registered) {
    Printer printer = new Printer(out(), root.output);
    Ec2Mirroring ec2 = cloud.mirroring();
    if (!cloud.call(() -> ec2.vpcExists(vpcId))) {
      throw new BadInputException("VPC " + vpcId + " does not exist in " + cloud.where()
          + ": check the id (and --region / --endpoint-url)");
    }
    JsonNode validate = WorkflowCommand.parse(cloud.call(() -> cloud.sfn().describeStateMachine(
        b -> b.stateMachineArn(cloud.stateMachineArn("add-vpc"))).definition()))
        .path("States").path("Validate").path("Parameters");
    VpcMirroringConfig config = options.resolve(registered,
        validate.path("defaultTargetId").asText(""), validate.path("defaultFilterId").asText(""));
    if (!cloud.call(() -> ec2.targetExists(config.targetId()))) {
      throw new BadInputException("traffic mirror target " + config.targetId() + " does not exist in " + cloud.where());
    }
    if (!cloud.call(() -> ec2.filterExists(config.filterId()))) {
      throw new BadInputException("traffic mirror filter " + config.filterId() + " does not exist in " + cloud.where());
    }
    VpcView view = cloud.call(() -> VpcView.read(ec2, cloud.cluster(), vpcId, config, cloud.now()));

    ObjectNode result = Printer.JSON.createObjectNode();
    result.put("vpcId", vpcId);
    result.put("registered", registered.isPresent());
    result.set("config", Printer.JSON.valueToTree(config));
    registered.ifPresent(before ->
        result.set("changes", Printer.JSON.valueToTree(VpcConfigOptions.differences(before, config))));
    result.put("wouldCreate", view.plan().creates().size());
    result.put("wouldDelete", view.plan().deletes().size());
    result.put("kept", view.plan().keeps().size());
    result.set("skipped", Printer.JSON.valueToTree(view.skipped()));
    result.set("enis", view.enisJson());
    if (printer.json()) {
      printer.result(result);
      return Mirrorflow.EXIT_OK;
    }
    printer.say("plan " + vpcId + ": what `mirrorflow add-vpc " + vpcId + "` with these options would do (nothing"
        + " is changed; read live from EC2 just now)");
    printer.say(registered.isPresent() ? "  registered already; the options not given keep their registered values"
        : "  not registered yet: add-vpc would register it with");
    ObjectNode shown = result.deepCopy();
    shown.remove("enis");
    shown.remove("vpcId");
    shown.remove("registered");
    printer.result(shown);
    printer.say("");
    printer.table(VpcView.ENI_HEADER, view.enisRows().stream()
        .map(row -> row.get(5).startsWith("pending") ? replaceLast(row, "would get a session") : row).toList());
    return Mirrorflow.EXIT_OK;
  }

  private static java.util.List<String> replaceLast(java.util.List<String> row, String last) {
    java.util.List<String> copy = new java.util.ArrayList<>(row);
    copy.set(copy.size() - 1, last);
    return copy;
  }

  @Override
  String workflow() {
    return "reconcile-vpc";
  }

  @Override
  String vpcId() {
    return vpcId;
  }

  @Override
  boolean noWait() {
    return false;
  }

  @Override
  ObjectNode input() {
    return vpcInput().put("dryRun", true);
  }

}
