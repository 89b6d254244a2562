package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stops mirroring a VPC: starts the remove-vpc workflow. */
@Command(
    mixinStandardHelpOptions = true,
    name = "remove-vpc",
    description = "Stop a VPC's triggers, delete every session Mirrorflow owns in it, and deregister it.")
final class RemoveVpcCommand extends WorkflowCommand {
  @Parameters(paramLabel = "VPC_ID", description = "A VPC registered with the cluster.")
  String vpcId;

  @Option(names = "--no-wait", description = "Return once the workflow has started.")
  boolean noWait;

  /** A removal of this VPC already running: following it ends as a second removal would. */
  @Override
  Optional<RecentExecutions.Run> inFlight(Cloud cloud) {
    return new RecentExecutions(cloud).running(vpcId, workflow()).stream().findFirst();
  }

  /** Registered, or removed already by the latest remove-vpc (then nothing is left to do: exit 0). */
  @Override
  void preflight(Cloud cloud) {
    Registry registry = new Registry(cloud);
    if (registry.isRegistered(vpcId)) {
      return;
    }
    Optional<RecentExecutions.Run> lastRemoval =
        new RecentExecutions(cloud).of(vpcId, List.of(workflow())).stream().findFirst();
    if (lastRemoval.isPresent() && "SUCCEEDED".equals(lastRemoval.get().status())) {
      RecentExecutions.Run run = lastRemoval.get();
      ObjectNode result = Printer.JSON.createObjectNode();
      result.put("executionArn", run.arn());
      result.put("status", run.status());
      result.set("output", run.output());
      throw new AlreadyDoneException("already removed by " + run.name() + " (ended " + run.stop()
          + "): not registered, nothing to do", result);
    }
    registry.requireRegistered(vpcId);
  }

  @Override
  String workflow() {
    return "remove-vpc";
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
    return vpcInput();
  }
}
