package dev.mirrorflow.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/**
 * The cdk-nag AwsSolutions findings the stack accepts, each narrowed to the exact resource it
 * allows ({@code appliesTo}) and carrying the reason a reviewer can check. The tests pin every
 * wildcard statement, so a suppression cannot hide a new one.
 */
final class NagSuppressionsConfig {

  /**
   * An ARN in this stack's account and region, as cdk-nag prints it: {@code <AWS::Region>} in an
   * environment-agnostic stack, the concrete region when the CLI resolved one.
   */
  private static final String ACCOUNT = "arn:<AWS::Partition>:%s:@REGION@:@ACCOUNT@:%s";

  private NagSuppressionsConfig() {}

  static void apply(
      String cluster,
      List<String> workflows,
      IConstruct activitiesRole,
      IConstruct stateMachineRole,
      IConstruct deadLetterQueue,
      List<? extends IConstruct> functions) {
    String group = Names.scheduleGroup(cluster);
    String schedules = resource("scheduler", "schedule/" + group + "/*");

    suppress(activitiesRole, "AwsSolutions-IAM5",
        "Mirror sessions get their ids from EC2 at creation, so no ARN can name them in advance: creating is "
            + "allowed only with the cluster's ownership tag in the request (aws:RequestTag, aws:TagKeys), "
            + "tagging only as part of that create (ec2:CreateAction), deleting only sessions carrying the tag "
            + "(aws:ResourceTag).",
        resource("ec2", "traffic-mirror-session/*"));
    suppress(activitiesRole, "AwsSolutions-IAM5",
        "The source ENI of CreateTrafficMirrorSession is any of the account's: VPCs are registered at run "
            + "time (add-vpc). The statement allows nothing but CreateTrafficMirrorSession, whose session must "
            + "carry the tag and whose filter and target must be among the allowed ARNs (AllowedTargets).",
        resource("ec2", "network-interface/*"));
    suppress(activitiesRole, "AwsSolutions-IAM5",
        "EC2 Describe* calls support no resource-level permissions; the statement lists only the read-only "
            + "Describe actions the activities make, one by one.",
        "Resource::*");
    suppress(activitiesRole, "AwsSolutions-IAM5",
        "Read-only (GetSchedule) on the schedules of this cluster's group " + group + " only: a VPC's schedule "
            + "is created at run time by add-vpc and named after the VPC.",
        schedules);

    List<String> executions = new ArrayList<>();
    for (String workflow : workflows) {
      executions.add(resource("states", "execution:" + Names.stateMachine(cluster, workflow) + ":*"));
    }
    if (!executions.isEmpty()) {
      suppress(stateMachineRole, "AwsSolutions-IAM5",
          "Execution names are chosen per run; DescribeExecution and StopExecution are limited to the "
              + "executions of this cluster's own state machines, each named in full.",
          executions.toArray(String[]::new));
    }
    suppress(stateMachineRole, "AwsSolutions-IAM5",
        "The workflows register VPCs by creating, updating and deleting schedules at run time; they may manage "
            + "only the schedules of this cluster's group " + group + ".",
        schedules);
    suppress(stateMachineRole, "AwsSolutions-IAM5",
        "Added by the CDK for state machine logging (CloudWatch Logs vended log delivery APIs) and X-Ray "
            + "tracing; AWS supports no resource-level permissions for these actions (Step Functions "
            + "developer guide, 'IAM policies for logging to CloudWatch Logs' and 'X-Ray').",
        "Resource::*");

    NagSuppressions.addResourceSuppressions(deadLetterQueue, List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-SQS3")
            .reason("This queue is itself the dead-letter queue of the cluster's EventBridge rule targets (an "
                + "EventBridge DLQ, which cdk-nag does not recognise); its messages are alarmed on, not re-driven.")
            .build()), true);
    for (IConstruct function : functions) {
      NagSuppressions.addResourceSuppressions(function, List.of(
          NagPackSuppression.builder()
              .id("AwsSolutions-L1")
              .reason("Pinned to java21, the LTS runtime the activities are built and tested for, with SnapStart; "
                  + "a runtime change is a deliberate, tested upgrade, not something to follow automatically.")
              .build()), true);
    }
  }

  static String resource(String service, String resource) {
    return "Resource::" + String.format(ACCOUNT, service, resource);
  }

  /** cdk-nag's regex form of one finding, matched whole. */
  private static RegexAppliesTo regex(String finding) {
    String escaped = finding.replace("/", "\\/").replace("*", "\\*").replace("<", "\\<").replace(">", "\\>");
    String pattern =
        escaped
            .replace("@REGION@", "(?:\\<AWS::Region\\>|[a-z0-9-]+)")
            .replace("@ACCOUNT@", "(?:\\<AWS::AccountId\\>|[0-9]{12})");
    return RegexAppliesTo.builder().regex("/^" + pattern + "$/").build();
  }

  static void suppress(IConstruct construct, String id, String reason, String... appliesTo) {
    NagSuppressions.addResourceSuppressions(construct, List.of(
        NagPackSuppression.builder()
            .id(id)
            .reason(reason)
            .appliesTo(Arrays.stream(appliesTo).<Object>map(NagSuppressionsConfig::regex).toList())
            .build()),
        true);
  }
}
