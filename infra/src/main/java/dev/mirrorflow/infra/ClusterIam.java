package dev.mirrorflow.infra;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

/**
 * The cluster's three roles and their least privilege: the rules' role (start the cluster's state
 * machines), the Lambda steps' role (owned sessions only, on allowed targets and filters) and the
 * state machines' role (invoke the steps, start and manage the cluster's executions).
 */
final class ClusterIam extends ClusterRoom {
  private final String cluster;
  private final WorkflowDefinitions workflows;
  private final ClusterArns arns;
  private final Role eventsRole;
  private final Role activitiesRole;
  private Role stateMachineRole;

  ClusterIam(Construct scope, String id, ClusterArns arns, WorkflowDefinitions workflows,
      AllowedTargets allowedTargets) {
    super(scope, id);
    this.cluster = arns.cluster();
    this.workflows = workflows;
    this.arns = arns;
    eventsRole = createEventsRole();
    activitiesRole = createActivitiesRole(allowedTargets);
  }

  /** The role the cluster's rules (and its cross-account forwarding) start state machines with. */
  Role eventsRole() {
    return eventsRole;
  }

  /** The role of every Lambda step. */
  Role activitiesRole() {
    return activitiesRole;
  }

  /** The state machines' role, once {@link #createStateMachineRole} made it. */
  Role stateMachineRole() {
    if (stateMachineRole == null) {
      throw new IllegalStateException("createStateMachineRole comes first: the role invokes the steps' aliases");
    }
    return stateMachineRole;
  }

  private Role createEventsRole() {
    Role role = role("EventsRole", "events", "events.amazonaws.com",
        "Lets the rules of Mirrorflow cluster " + cluster + " start its state machines");
    if (!workflows.workflows().isEmpty()) {
      role.addToPolicy(
          statement("StartClusterStateMachines", List.of("states:StartExecution"), arns.stateMachines(workflows)));
    }
    return role;
  }

  private Role createActivitiesRole(AllowedTargets allowedTargets) {
    Role role = role("ActivitiesRole", "activities", "lambda.amazonaws.com",
        "The Lambda steps of Mirrorflow cluster " + cluster);
    String session = arns.ec2("traffic-mirror-session", "*");
    role.addToPolicy(
        statement("CreateOwnedSessions", List.of("ec2:CreateTrafficMirrorSession"), List.of(session),
            Map.of(
                "StringEquals", Map.of("aws:RequestTag/" + MirrorflowStack.OWNER_TAG, cluster),
                "ForAllValues:StringEquals", Map.of("aws:TagKeys", MirrorflowStack.SESSION_TAG_KEYS))));
    // The source ENI of CreateTrafficMirrorSession: any ENI of the account (VPCs register at run
    // time). Its filter and target: only those the cluster allows (AllowedTargets).
    role.addToPolicy(
        statement("CreateSessionsOnSources", List.of("ec2:CreateTrafficMirrorSession"),
            List.of(arns.ec2("network-interface", "*"))));
    allowedTargets.grantCreateSessions(role);
    role.addToPolicy(
        statement("TagOnlyWhileCreatingOwnedSessions", List.of("ec2:CreateTags"), List.of(session),
            Map.of("StringEquals", Map.of(
                "ec2:CreateAction", "CreateTrafficMirrorSession",
                "aws:RequestTag/" + MirrorflowStack.OWNER_TAG, cluster))));
    // Refusals that repeat (NetworkInterfaceNotSupported; the session quota or a target's sources)
    // are remembered on the ENI (these two tag keys, nothing else), so later reconciles do not
    // spend mutating calls on them again.
    role.addToPolicy(
        statement("MarkUnsupportedEnis", List.of("ec2:CreateTags"), List.of(arns.ec2("network-interface", "*")),
            Map.of("ForAllValues:StringEquals",
                Map.of("aws:TagKeys", List.of(MirrorflowStack.UNSUPPORTED_TAG, MirrorflowStack.REFUSED_TAG)))));
    role.addToPolicy(
        statement("DeleteOnlyOwnedSessions", List.of("ec2:DeleteTrafficMirrorSession"), List.of(session),
            Map.of("StringEquals", Map.of("aws:ResourceTag/" + MirrorflowStack.OWNER_TAG, cluster))));
    role.addToPolicy(statement("DescribeNetwork", MirrorflowStack.EC2_READ_ACTIONS, List.of("*")));
    if (!workflows.workflows().isEmpty()) {
      // The every-minute scan stands aside while a reconcile of its VPC is running: one
      // ListExecutions call on the cluster's own state machines.
      role.addToPolicy(
          statement("ListClusterExecutions", List.of("states:ListExecutions"), arns.stateMachines(workflows)));
    }
    return role;
  }

  /** Creates the state machines' role: invoke {@code aliases}, start and manage the cluster's executions. */
  Role createStateMachineRole(Collection<Alias> aliases, IEventBus bus) {
    Role role = role("StateMachineRole", "states", "states.amazonaws.com",
        "The state machines of Mirrorflow cluster " + cluster);
    if (!aliases.isEmpty()) {
      role.addToPolicy(
          statement("InvokeClusterFunctions", List.of("lambda:InvokeFunction"),
              aliases.stream().map(Alias::getFunctionArn).toList()));
    }
    if (!workflows.workflows().isEmpty()) {
      role.addToPolicy(
          statement("StartClusterExecutions", List.of("states:StartExecution", "states:StartSyncExecution"),
              arns.stateMachines(workflows)));
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("ManageClusterExecutions")
              .actions(List.of("states:DescribeExecution", "states:StopExecution"))
              .resources(
                  workflows.workflows().stream()
                      .map(w -> arns.of("states", "execution", Names.stateMachine(cluster, w.name()) + ":*"))
                      .toList())
              .build());
    }
    if (workflows.integrationActions().contains("events:PutEvents")) {
      role.addToPolicy(
          statement("PutEventsOnClusterBus", List.of("events:PutEvents"), List.of(bus.getEventBusArn())));
    }
    if (workflows.usesSyncExecution()) {
      // startExecution.sync waits through a rule Step Functions manages on the default bus.
      role.addToPolicy(
          statement("StepFunctionsManagedSyncRule",
              List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"),
              List.of(arns.of("events", "rule", "StepFunctionsGetEventsForStepFunctionsExecutionRule"))));
    }
    stateMachineRole = role;
    return role;
  }

  /** A role of the cluster, named by {@link Names#role} with {@code kind}, that {@code service} assumes. */
  private Role role(String id, String kind, String service, String description) {
    return Role.Builder.create(this, id)
        .roleName(Names.role(cluster, arns.stack().getRegion(), kind))
        .description(description)
        .assumedBy(new ServicePrincipal(service))
        .build();
  }

  /** An Allow statement without conditions. */
  private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
    return statement(sid, actions, resources, Map.of());
  }

  /** An Allow statement under {@code conditions}. */
  private static PolicyStatement statement(String sid, List<String> actions, List<String> resources,
      Map<String, ?> conditions) {
    PolicyStatement.Builder statement = PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources);
    if (!conditions.isEmpty()) {
      statement.conditions(Map.copyOf(conditions));
    }
    return statement.build();
  }
}
