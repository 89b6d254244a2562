package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Registers a VPC with the cluster and mirrors it: starts the add-vpc workflow. */
@Command(
    mixinStandardHelpOptions = true,
    name = "add-vpc",
    description = "Register a VPC with the cluster, create its triggers, and reconcile it now.")
final class AddVpcCommand extends WorkflowCommand {
  @Parameters(paramLabel = "VPC_ID", description = "The VPC to mirror, e.g. vpc-0123456789abcdef0.")
  String vpcId;

  @Mixin VpcConfigOptions options;

  @Option(names = "--no-wait", description = "Return once the workflow has started.")
  boolean noWait;

  /** The registration as it was before this run, if any (read in preflight). */
  private Optional<VpcMirroringConfig> registered = Optional.empty();

  @Override
  void validate() {
    super.validate();
    options.validate();
  }

  /** The same existence checks as the workflow's Validate step, so a typo fails before anything starts. */
  @Override
  void preflight(Cloud cloud) {
    String targetId = options.targetId;
    String filterId = options.filterId;
    Ec2Mirroring ec2 = cloud.mirroring();
    // In a member account only the cluster's steps may assume the member role: the workflow's Validate
    // checks the role, the VPC, the shared target and the filter there, each failure named.
    boolean member = options.account != null;
    if (!member && !cloud.call(() -> ec2.vpcExists(vpcId))) {
      throw new BadInputException("VPC " + vpcId + " does not exist in " + cloud.where()
          + ": check the id (and --region / --endpoint-url)");
    }
    if (!member && targetId != null && !cloud.call(() -> ec2.targetExists(targetId))) {
      throw new BadInputException("traffic mirror target " + targetId + " does not exist in " + cloud.where()
          + ": give an existing one with --target-id (or none, for the cluster's default)");
    }
    if (!member && filterId != null && !cloud.call(() -> ec2.filterExists(filterId))) {
      throw new BadInputException("traffic mirror filter " + filterId + " does not exist in " + cloud.where()
          + ": give an existing one with --filter-id (or none, for the cluster's default)");
    }
    Registry registry = new Registry(cloud);
    if (registry.isRegistered(vpcId) && !registry.isActive(vpcId)) {
      // The workflow's Validate refuses it too (RemovalInProgressException); say which execution to follow.
      String following = new RecentExecutions(cloud).running(vpcId, "remove-vpc").stream().findFirst()
          .map(run -> "remove-vpc " + run.name() + " is removing it: follow it with `mirrorflow executions " + vpcId
              + "` (" + cloud.executionLink(run.arn()) + ") and run add-vpc again when it has ended")
          .orElse("no remove-vpc of it is running (the last one failed?): run `mirrorflow remove-vpc " + vpcId
              + "` to finish the removal, then add-vpc");
      throw new BadInputException(vpcId + " is being removed from cluster '" + cloud.cluster()
          + "' (its registration is disabled), and adding it now would be undone when the removal ends: "
          + following + ". Nothing was started");
    }
    registered = registeredConfig(registry, vpcId);
    Printer printer = new Printer(out(), root.output);
    if (registered.isPresent() && !confirmed(registry, vpcId)) {
      // Its values may be the ones someone slipped in: this add-vpc confirms only what the user gives.
      printer.say("add-vpc " + vpcId + ": its registration was changed outside add-vpc, so its values are not kept:"
          + " the options not given take the cluster's defaults (give every option you want)");
      registered = Optional.empty();
    }
    registered.ifPresent(before -> {
      VpcMirroringConfig after = options.resolve(registered, before.targetId(), before.filterId());
      Map<String, String> changes = VpcConfigOptions.differences(before, after);
      if (changes.isEmpty()) {
        printer.say("add-vpc " + vpcId + ": registered already with this config; the options not given keep their"
            + " registered values");
      } else {
        printer.say("add-vpc " + vpcId + ": registered already; changing " + String.join(", ", changes.keySet())
            + " (the options not given keep their registered values):");
        changes.forEach((field, change) -> printer.say("  " + field + ": " + change));
        printer.say("  owned sessions that no longer match are replaced by the reconcile");
      }
    });
  }

  @Override
  String workflow() {
    return "add-vpc";
  }

  @Override
  String vpcId() {
    return vpcId;
  }

  @Override
  boolean noWait() {
    return noWait;
  }

  @Override
  ObjectNode input() {
    ObjectNode input = vpcInput();
    input.set("config", options.config(registered));
    return input;
  }

  private static boolean confirmed(Registry registry, String vpcId) {
    try {
      return registry.lookup(vpcId).map(r -> r.confirmed()).orElse(true);
    } catch (InvalidVpcConfigException e) {
      return true;
    }
  }

  private static Optional<VpcMirroringConfig> registeredConfig(Registry registry, String vpcId) {
    try {
      return registry.find(vpcId);
    } catch (InvalidVpcConfigException e) {
      return Optional.empty(); // a malformed registration is overwritten as a new one
    }
  }
}
