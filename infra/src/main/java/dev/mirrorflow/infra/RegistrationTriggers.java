package dev.mirrorflow.infra;

import dev.mirrorflow.activities.cluster.ScanRequestRule;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Where registrations live and how they trigger scans, as one construct: the cluster's EventBridge
 * Scheduler group (add-vpc puts one every-minute schedule per VPC in it, target scan-vpc), the role
 * Scheduler assumes to start scan-vpc, the cluster bus's one scan-request rule (every "Scan
 * Requested" event starts scan-vpc for its {@code detail.vpcId}), and the least privilege the
 * workflows and steps need on the group and nothing else.
 */
public final class RegistrationTriggers extends Construct {
  private final String cluster;
  private final CfnScheduleGroup group;
  private final Role schedulerRole;
  private final CfnRule scanRequestRule;

  /**
   * @param scanVpcArn the scan-vpc state machine every schedule and scan request starts
   * @param eventsRole the role the cluster's rules start workflows with
   * @param deadLetterQueue where undeliverable scans go
   */
  public RegistrationTriggers(Construct scope, String id, String cluster, IEventBus bus, String scanVpcArn,
      IRole eventsRole, IQueue deadLetterQueue) {
    super(scope, id);
    this.cluster = cluster;
    group = CfnScheduleGroup.Builder.create(this, "ScheduleGroup").name(Names.scheduleGroup(cluster)).build();
    Stack stack = Stack.of(this);
    schedulerRole = Role.Builder.create(this, "SchedulerRole")
        .roleName(Names.role(cluster, stack.getRegion(), "scheduler"))
        .description("Lets the schedules of Mirrorflow cluster " + cluster + " start its scan-vpc workflow")
        // Only this account's Scheduler may assume it (confused-deputy guard).
        .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
            "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
        .build();
    schedulerRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("StartScanVpc")
        .actions(List.of("states:StartExecution"))
        .resources(List.of(scanVpcArn))
        .build());
    // Scheduler sends a schedule's undeliverable invocations to its dead-letter queue with this role.
    schedulerRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("DeadLetters")
        .actions(List.of("sqs:SendMessage"))
        .resources(List.of(deadLetterQueue.getQueueArn()))
        .build());

    scanRequestRule = CfnRule.Builder.create(this, "ScanRequestRule")
        .name(Names.scanRequestRule(cluster))
        .description("Scan requests for Mirrorflow cluster " + cluster + ", routed by detail.vpcId to scan-vpc")
        .eventBusName(bus.getEventBusName())
        .eventPattern(Map.of(
            "source", List.of(ScanRequestRule.SOURCE),
            "detail-type", List.of(ScanRequestRule.DETAIL_TYPE)))
        .state("ENABLED")
        .targets(List.of(CfnRule.TargetProperty.builder()
            .id("scan-vpc")
            .arn(scanVpcArn)
            .roleArn(eventsRole.getRoleArn())
            .inputTransformer(CfnRule.InputTransformerProperty.builder()
                .inputPathsMap(ScanRequestRule.INPUT_PATHS)
                .inputTemplate(ScanRequestRule.inputTemplate(cluster))
                .build())
            .retryPolicy(CfnRule.RetryPolicyProperty.builder()
                .maximumRetryAttempts(3).maximumEventAgeInSeconds(300).build())
            .deadLetterConfig(CfnRule.DeadLetterConfigProperty.builder().arn(deadLetterQueue.getQueueArn()).build())
            .build()))
        .build();
  }

  /** The schedule group's name, {@code ${ScheduleGroupName}}. */
  public String scheduleGroupName() {
    return group.getRef();
  }

  /** The role Scheduler assumes to start scan-vpc, {@code ${SchedulerRoleArn}}. */
  public Role schedulerRole() {
    return schedulerRole;
  }

  public CfnRule scanRequestRule() {
    return scanRequestRule;
  }

  /**
   * What the workflows may do with registrations: add-vpc and remove-vpc create, read, update and
   * delete schedules of the cluster's group only, and hand Scheduler only its own role.
   */
  public void grantManageSchedules(IRole stateMachineRole, List<String> actions) {
    if (actions.isEmpty()) {
      return;
    }
    stateMachineRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("ManageClusterSchedules")
        .actions(actions)
        .resources(List.of(schedulesArn()))
        .build());
    stateMachineRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("PassSchedulerRole")
        .actions(List.of("iam:PassRole"))
        .resources(List.of(schedulerRole.getRoleArn()))
        .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
        .build());
  }

  /**
   * What the steps may do with registrations: read one schedule of the cluster's group at a time, and
   * list the schedules (the event router, for an API call that names no instance or subnet).
   */
  public void grantReadSchedules(IRole activitiesRole) {
    activitiesRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("ReadClusterSchedules")
        .actions(List.of("scheduler:GetSchedule"))
        .resources(List.of(schedulesArn()))
        .build());
    // ListSchedules names no resource type in IAM's reference for EventBridge Scheduler: "*" only;
    // the router lists the cluster's group alone (GroupName).
    activitiesRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("ListSchedules")
        .actions(List.of("scheduler:ListSchedules"))
        .resources(List.of("*"))
        .build());
  }

  /** Every schedule of the cluster's group: {@code arn:...:scheduler:REGION:ACCOUNT:schedule/mirrorflow-<cluster>/*}. */
  public String schedulesArn() {
    return Stack.of(this).formatArn(ArnComponents.builder()
        .service("scheduler")
        .resource("schedule")
        .resourceName(Names.scheduleGroup(cluster) + "/*")
        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
        .build());
  }
}
