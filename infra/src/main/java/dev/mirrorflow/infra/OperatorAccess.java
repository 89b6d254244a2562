package dev.mirrorflow.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The least-privilege policy for the people who run the CLI against this cluster: start add-vpc,
 * remove-vpc and reconcile-vpc (scan, plan), follow and list their executions, read the
 * registrations and the EC2 state status shows. No EventBridge, Scheduler or EC2 write permission
 * of its own: every change goes through the workflows, whose role is bounded by the allowlist.
 * Attach it to the operators' role or group (its ARN is the stack's {@code OperatorPolicyArn} output).
 */
public final class OperatorAccess extends Construct {
  /** The workflows the CLI starts: add-vpc, remove-vpc, and reconcile-vpc for scan and plan. */
  public static final List<String> STARTED = List.of("add-vpc", "remove-vpc", "reconcile-vpc");

  private final ManagedPolicy policy;

  public OperatorAccess(Construct scope, String id, String cluster, String region, List<String> workflows,
      String scheduleGroup) {
    super(scope, id);
    List<String> started = workflows.stream().filter(STARTED::contains).toList();
    List<String> machines = workflows.stream().map(w -> states("stateMachine", Names.stateMachine(cluster, w))).toList();
    List<String> executions =
        workflows.stream().map(w -> states("execution", Names.stateMachine(cluster, w) + ":*")).toList();
    List<PolicyStatement> statements = new ArrayList<>();
    if (!started.isEmpty()) {
      statements.add(PolicyStatement.Builder.create()
          .sid("StartClusterWorkflows")
          .actions(List.of("states:StartExecution"))
          .resources(started.stream().map(w -> states("stateMachine", Names.stateMachine(cluster, w))).toList())
          .build());
    }
    if (!workflows.isEmpty()) {
      statements.add(PolicyStatement.Builder.create()
          .sid("ReadClusterWorkflows")
          .actions(List.of("states:DescribeStateMachine", "states:ListExecutions"))
          .resources(machines)
          .build());
      statements.add(PolicyStatement.Builder.create()
          .sid("FollowClusterExecutions")
          .actions(List.of("states:DescribeExecution", "states:GetExecutionHistory",
              "states:DescribeStateMachineForExecution"))
          .resources(executions)
          .build());
    }
    statements.add(PolicyStatement.Builder.create()
        .sid("FindClusterWorkflows")
        .actions(List.of("states:ListStateMachines"))
        .resources(List.of("*"))
        .build());
    statements.add(PolicyStatement.Builder.create()
        .sid("ReadRegistrations")
        .actions(List.of("scheduler:GetSchedule"))
        .resources(List.of(arn("scheduler", "schedule", scheduleGroup + "/*", ArnFormat.SLASH_RESOURCE_NAME)))
        .build());
    statements.add(PolicyStatement.Builder.create()
        .sid("ListRegistrations")
        .actions(List.of("scheduler:ListSchedules"))
        .resources(List.of("*"))
        .build());
    statements.add(PolicyStatement.Builder.create()
        .sid("DescribeNetwork")
        .actions(MirrorflowStack.EC2_READ_ACTIONS)
        .resources(List.of("*"))
        .build());
    policy = ManagedPolicy.Builder.create(this, "Policy")
        .managedPolicyName(Names.role(cluster, region, "operator"))
        .description("Runs the Mirrorflow CLI against cluster " + cluster + ": starts and reads its workflows, "
            + "reads status; no EventBridge, Scheduler or EC2 write permissions")
        .statements(statements)
        .build();
    List<String> wildcards = new ArrayList<>(workflows.stream()
        .map(w -> NagSuppressionsConfig.resource("states", "execution:" + Names.stateMachine(cluster, w) + ":*")).toList());
    wildcards.add(NagSuppressionsConfig.resource("scheduler", "schedule/" + scheduleGroup + "/*"));
    wildcards.add("Resource::*");
    NagSuppressionsConfig.suppress(policy, "AwsSolutions-IAM5",
        "Read-only except StartExecution, which names this cluster's state machines in full: execution names are "
            + "chosen per run (this cluster's state machines only), VPC schedules are created at run time (this "
            + "cluster's group only), and ListStateMachines, ListSchedules and the EC2 Describe calls support no "
            + "resource-level permissions.",
        wildcards.toArray(String[]::new));
  }

  /** The managed policy. */
  public ManagedPolicy policy() {
    return policy;
  }

  private String states(String resource, String name) {
    return arn("states", resource, name, ArnFormat.COLON_RESOURCE_NAME);
  }

  private String arn(String service, String resource, String name, ArnFormat format) {
    return Stack.of(this).formatArn(ArnComponents.builder()
        .service(service).resource(resource).resourceName(name).arnFormat(format).build());
  }
}
