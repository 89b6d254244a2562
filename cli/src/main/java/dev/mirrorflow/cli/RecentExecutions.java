package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The recent executions of the cluster's workflows that concern one VPC. Executions the CLI and the
 * workflows start are named after their VPC; those EventBridge starts are not, so their input is read.
 */
final class RecentExecutions {
  /** How many of each workflow's latest executions are looked at. */
  static final int DEPTH = 25;

  static final List<String> WORKFLOWS = List.of("add-vpc", "remove-vpc", "reconcile-vpc");

  /** One execution, with its input and what it reported. */
  record Run(String workflow, String name, String arn, String status, Instant start, Instant stop,
      JsonNode input, JsonNode output, String error) {}

  private final Cloud cloud;
  private final java.util.Map<String, List<ExecutionListItem>> latest = new java.util.HashMap<>();
  private final java.util.Map<String, DescribeExecutionResponse> described = new java.util.HashMap<>();

  RecentExecutions(Cloud cloud) {
    this.cloud = cloud;
  }

  /**
   * The running executions of {@code workflow} about the VPC, newest first: few, so each is described
   * (those EventBridge or the console started are not named after their VPC).
   */
  List<Run> running(String vpcId, String workflow) {
    String arn = cloud.stateMachineArn(workflow);
    List<Run> runs = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page = cloud.call(() -> cloud.sfn().listExecutions(
          b -> b.stateMachineArn(arn).statusFilter(ExecutionStatus.RUNNING).maxResults(100).nextToken(next)));
      for (ExecutionListItem item : page.executions()) {
        DescribeExecutionResponse d =
            cloud.call(() -> cloud.sfn().describeExecution(b -> b.executionArn(item.executionArn())));
        JsonNode input = WorkflowCommand.parse(d.input());
        if (item.name().startsWith(vpcId + "-") || vpcId.equals(input.path("vpcId").asText())) {
          runs.add(new Run(workflow, item.name(), item.executionArn(), item.statusAsString(), item.startDate(),
              item.stopDate(), input, WorkflowCommand.parse(d.output()), d.error()));
        }
      }
      token = page.nextToken();
    } while (token != null);
    runs.sort(Comparator.comparing(Run::start).reversed());
    return runs;
  }

  /** Newest first. */
  List<Run> of(String vpcId, List<String> workflows) {
    List<Run> runs = new ArrayList<>();
    for (String workflow : workflows) {
      String arn;
      try {
        arn = cloud.stateMachineArn(workflow);
      } catch (BadInputException e) {
        continue; // a cluster deployed without this workflow
      }
      // One listing and one describe per execution, shared by every VPC asked about (status of all VPCs).
      List<ExecutionListItem> items = latest.computeIfAbsent(arn, a -> cloud.call(
          () -> cloud.sfn().listExecutions(b -> b.stateMachineArn(a).maxResults(DEPTH))).executions());
      for (ExecutionListItem item : items) {
        boolean named = item.name().startsWith(vpcId + "-");
        DescribeExecutionResponse d = described.computeIfAbsent(item.executionArn(), a -> cloud.call(
            () -> cloud.sfn().describeExecution(b -> b.executionArn(a))));
        JsonNode input = WorkflowCommand.parse(d.input());
        if (named || vpcId.equals(input.path("vpcId").asText())) {
          runs.add(new Run(workflow, item.name(), item.executionArn(), item.statusAsString(), item.startDate(),
              item.stopDate(), input, WorkflowCommand.parse(d.output()), d.error()));
        }
      }
    }
    runs.sort(Comparator.comparing(Run::start).reversed());
    return runs;
  }
}
