package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.input.Ids;
import java.io.PrintWriter;
import java.util.Optional;
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

  /** Validates the arguments; throws {@link BadInputException} before anything starts. By default, the VPC id. */
  void validate() {
    Ids.vpc(vpcId());
  }

  /** The state machine's file stem, e.g. {@code add-vpc}. */
  abstract String workflow();

  /** The VPC the execution is about; execution names start with it. */
  abstract String vpcId();

  /** The execution input, without the cluster (added here). */
  abstract ObjectNode input();

  /** Whether to return as soon as the execution has started. */
  abstract boolean noWait();

  /** Checks that need the cloud, before starting. By default, that the VPC is registered with the cluster. */
  void preflight(Cloud cloud) {
    new Registry(cloud).requireRegistered(vpcId());
  }

  /**
   * An execution already doing what was asked, to follow instead of starting another (a second
   * remove-vpc of the same VPC); by default none.
   */
  Optional<RecentExecutions.Run> inFlight(Cloud cloud) {
    return Optional.empty();
  }

  /** A new execution input naming the VPC, for {@link #input()} to add to. */
  ObjectNode vpcInput() {
    return Printer.JSON.createObjectNode().put("vpcId", vpcId());
  }

  @Override
  public Integer call() {
    validate();
    Printer printer = new Printer(out(), root.output);
    try (Cloud cloud = new Cloud(root)) {
      String arn = cloud.stateMachineArn(workflow());
      Optional<RecentExecutions.Run> running = inFlight(cloud);
      String executionArn;
      String name;
      if (running.isPresent()) {
        executionArn = running.get().arn();
        name = running.get().name();
        printer.say(workflow() + " " + vpcId() + ": already running as " + name + " (started "
            + running.get().start() + "): following it instead of starting another");
      } else {
        try {
          preflight(cloud);
        } catch (AlreadyDoneException e) {
          printer.say(workflow() + " " + vpcId() + ": " + e.getMessage());
          if (printer.json()) {
            printer.result(e.result());
          }
          return Mirrorflow.EXIT_OK;
        }
        ObjectNode input = input();
        input.put("cluster", cloud.cluster());
        name = vpcId() + "-" + workflow() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String executionName = name;
        StartExecutionResponse started = cloud.call(() -> cloud.sfn().startExecution(
            b -> b.stateMachineArn(arn).name(executionName).input(input.toString())));
        executionArn = started.executionArn();
        printer.say(workflow() + " " + vpcId() + ": started " + name);
      }
      printer.say("  " + cloud.executionLink(executionArn));
      if (noWait()) {
        ObjectNode result = Printer.JSON.createObjectNode();
        result.put("executionArn", executionArn);
        result.put("status", "RUNNING");
        if (printer.json()) {
          printer.result(result);
        }
        return Mirrorflow.EXIT_OK;
      }
      PrintWriter progress = printer.json() ? null : out();
      Thread onCtrlC = new Thread(() -> {
        PrintWriter err = spec.commandLine().getErr();
        err.println(interruptedNotice(cloud, name, executionArn));
        err.flush();
      }, "mirrorflow-ctrl-c");
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      try {
        DescribeExecutionResponse done =
            cloud.call(() -> new ExecutionWatcher(cloud.sfn(), progress).follow(executionArn));
        return report(printer, done);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C came: the hook is running and says what goes on.
        }
      }
    }
  }

  /** What Ctrl-C while following means: the execution is in the cloud and goes on; how to follow it. */
  String interruptedNotice(Cloud cloud, String name, String executionArn) {
    return "\nmirrorflow: stopped following " + workflow() + " " + vpcId() + "; the execution " + name
        + " goes on without this terminal (Ctrl-C does not stop it). Follow it with `mirrorflow executions "
        + vpcId() + "`, or " + cloud.executionLink(executionArn);
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
