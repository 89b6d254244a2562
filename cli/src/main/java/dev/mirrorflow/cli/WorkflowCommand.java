package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * A command that starts one of the cluster's workflows and, unless {@code --no-wait}, follows it:
 * checks the arguments, then what needs the cloud (both before anything starts: exit 2), starts
 * an execution named {@code <vpcId>-<workflow>-<suffix>}, shows progress, and ends with its output
 * (exit 0) or its error and cause (exit 1).
 */
abstract class WorkflowCommand implements Callable<Integer> {
  @ParentCommand Mirrorflow root;
  @Spec CommandSpec spec;

  /** Validates the arguments; throws {@link BadInputException} before anything starts. */
  abstract void validate();

  /** The state machine's file stem, e.g. {@code add-vpc}. */
  abstract String workflow();

  /** The VPC the execution is about; execution names start with it. */
  abstract String vpcId();

  /** The execution input, without the cluster (added here). */
  abstract ObjectNode input();

  /** Whether to return as soon as the execution has started. */
  abstract boolean noWait();

  /** Checks that need the cloud, before starting (e.g. "is the VPC registered?"). */
  void preflight(Cloud cloud) {}

  @Override
  public Integer call() {
    validate();
    Printer printer = new Printer(out(), root.output);
    try (Cloud cloud = new Cloud(root)) {
      String arn = cloud.stateMachineArn(workflow());
      preflight(cloud);
      ObjectNode input = input();
      input.put("cluster", cloud.cluster());
      String name = vpcId() + "-" + workflow() + "-" + UUID.randomUUID().toString().substring(0, 8);
      StartExecutionResponse started = cloud.call(() -> cloud.sfn().startExecution(
          b -> b.stateMachineArn(arn).name(name).input(input.toString())));
      printer.say(workflow() + " " + vpcId() + ": started " + name);
      printer.say("  " + cloud.executionLink(started.executionArn()));
      if (noWait()) {
        ObjectNode result = Printer.JSON.createObjectNode();
        result.put("executionArn", started.executionArn());
        result.put("status", "RUNNING");
        if (printer.json()) {
          printer.result(result);
        }
        return Mirrorflow.EXIT_OK;
      }
      PrintWriter progress = printer.json() ? null : out();
      DescribeExecutionResponse done =
          cloud.call(() -> new ExecutionWatcher(cloud.sfn(), progress).follow(started.executionArn()));
      return report(printer, done);
    }
  }

  int report(Printer printer, DescribeExecutionResponse done) {
    ObjectNode result = Printer.JSON.createObjectNode();
    result.put("executionArn", done.executionArn());
    result.put("status", done.statusAsString());
    if (done.status() == ExecutionStatus.SUCCEEDED) {
      result.set("output", parse(done.output()));
      if (printer.json()) {
        printer.result(result);
      } else {
        printer.say(workflow() + " " + vpcId() + ": " + done.statusAsString());
        printer.result(parse(done.output()));
      }
      return Mirrorflow.EXIT_OK;
    }
    result.put("error", done.error());
    result.put("cause", done.cause());
    if (printer.json()) {
      printer.result(result);
      return Mirrorflow.EXIT_WORKFLOW_FAILED;
    }
    throw new WorkflowFailedException(
        workflow() + " " + vpcId() + " " + done.statusAsString()
            + (done.error() == null ? "" : ": " + done.error())
            + (done.cause() == null ? "" : "\n  cause: " + done.cause()));
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  static JsonNode parse(String json) {
    if (json == null) {
      return Printer.JSON.nullNode();
    }
    try {
      return Printer.JSON.readTree(json);
    } catch (Exception e) {
      return Printer.JSON.getNodeFactory().textNode(json);
    }
  }
}
