package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.input.Ids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stops mirroring a VPC: starts the remove-vpc workflow. */
@Command(
    name = "remove-vpc",
    description = "Stop a VPC's triggers, delete every session Mirrorflow owns in it, and deregister it.")
final class RemoveVpcCommand extends WorkflowCommand {
  @Parameters(paramLabel = "VPC_ID", description = "A VPC registered with the cluster.")
  String vpcId;

  @Option(names = "--no-wait", description = "Return once the workflow has started.")
  boolean noWait;

  @Override
  void validate() {
    Ids.vpc(vpcId);
  }

  @Override
  void preflight(Cloud cloud) {
    new Registry(cloud).requireRegistered(vpcId);
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
    return Printer.JSON.createObjectNode().put("vpcId", vpcId);
  }
}
