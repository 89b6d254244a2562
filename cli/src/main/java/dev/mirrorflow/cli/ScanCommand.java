package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import dev.mirrorflow.activities.input.Ids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reconciles a registered VPC now. */
@Command(mixinStandardHelpOptions = true, name = "scan", description = "Start a reconcile of a registered VPC (or some of its subnets) now.")
final class ScanCommand extends WorkflowCommand {
  @Parameters(paramLabel = "VPC_ID", description = "A VPC registered with the cluster.")
  String vpcId;

  @Option(names = "--subnet", paramLabel = "SUBNET_ID", description = "Reconcile only this subnet (repeatable).")
  List<String> subnets = new ArrayList<>();

  @Option(names = "--no-wait", description = "Return once the workflow has started.")
  boolean noWait;

  @Override
  void validate() {
    super.validate();
    subnets.forEach(Ids::subnet);
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
    return noWait;
  }

  @Override
  ObjectNode input() {
    ObjectNode input = vpcInput();
    if (!subnets.isEmpty()) {
      ArrayNode ids = input.putArray("subnetIds");
      subnets.forEach(ids::add);
    }
    return input;
  }
}
