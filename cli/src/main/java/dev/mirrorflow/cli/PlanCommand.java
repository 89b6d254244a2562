package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Shows what a reconcile would do, changing nothing: a dry-run reconcile. */
@Command(mixinStandardHelpOptions = true, name = "plan", description = "Show what a reconcile would do; changes nothing.")
final class PlanCommand extends WorkflowCommand {
  @Parameters(paramLabel = "VPC_ID", description = "A VPC registered with the cluster.")
  String vpcId;

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
