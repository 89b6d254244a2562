package dev.mirrorflow.infra;

import dev.mirrorflow.activities.cluster.ClusterNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;

/**
 * The member stack: what a workload account holds so that a capture cluster in the hub account
 * mirrors its VPCs ({@code npx cdk deploy -c cluster=blue -c hubAccount=111111111111}, or the same
 * template as a CloudFormation StackSet across an organization). It has no assets and no bootstrap
 * dependency (plain {@code AWS::IAM::Role} and {@code AWS::Events::Rule} resources, no Lambda), so a
 * StackSet can take its synthesized template as is:
 * <ul>
 *   <li>the member role, trusted only by the hub cluster's step role, with the hub's own
 *       least-privilege EC2 permissions and tag conditions (describe; create sessions only with the
 *       cluster's ownership tag, and only to the hub's allowed targets through the allowed filters,
 *       {@code -c allowedTargets=... -c allowedFilterIds=...}; delete only owned sessions; the ENI
 *       refusal tags);</li>
 *   <li>a rule on the account's default bus forwarding its EC2 instance and ECS task state changes
 *       to the cluster's bus in the hub (a cross-account event bus target, with a role as EventBridge
 *       recommends and requires for organization-wide permissions).</li>
 * </ul>
 */
public final class MemberStack extends Stack {
  private final String cluster;
  private final String hubAccount;
  private final Role memberRole;
  private final Role forwardRole;

  /**
   * @param allowedTargets the hub's allowed targets (ids: the hub's; or ARNs)
   * @param allowedFilterIds the filters this account's VPCs may use (this account's)
   */
  public MemberStack(Construct scope, String id, StackProps props, String cluster, String hubAccount,
      StateChangePattern stateChangePattern, List<String> allowedTargets, List<String> allowedFilterIds) {
    super(scope, id, props);
    this.cluster = Names.requireValidCluster(cluster);
    if (hubAccount == null || !hubAccount.matches("[0-9]{12}")) {
      throw new InvalidSettingsException("hubAccount must be the hub's 12-digit account id (-c hubAccount=111111111111), got "
          + hubAccount);
    }
    this.hubAccount = hubAccount;
    this.memberRole = createMemberRole();
    AllowedTargets.grantMemberCreateSessions(memberRole, hubAccount, allowedTargets, allowedFilterIds);
    this.forwardRole = createForwardRole();
    createForwardingRule(stateChangePattern);
    suppressFindings();
  }

  /** The hub's step role, the only principal the member role trusts (same name rule as the hub stack's). */
  private String hubStepRoleArn() {
    return Fn.join("", List.of("arn:", Aws.PARTITION, ":iam::", hubAccount, ":role/",
        Names.role(cluster, getRegion(), ClusterNames.ACTIVITIES_ROLE)));
  }

  private String ec2Arn(String resource, String name) {
    return Fn.join("", List.of("arn:", Aws.PARTITION, ":ec2:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":", resource, "/", name));
  }

  private Role createMemberRole() {
    Role role = Role.Builder.create(this, "MemberRole")
        .roleName(ClusterNames.memberRole(cluster, getRegion()))
        .description("Assumed by the steps of Mirrorflow cluster " + cluster + " in account " + hubAccount)
        .assumedBy(new ArnPrincipal(hubStepRoleArn()))
        .build();
    String owner = MirrorflowStack.OWNER_TAG;
    String session = ec2Arn("traffic-mirror-session", "*");
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("CreateOwnedSessions")
        .actions(List.of("ec2:CreateTrafficMirrorSession"))
        .resources(List.of(session))
        .conditions(Map.of(
            "StringEquals", Map.of("aws:RequestTag/" + owner, cluster),
            "ForAllValues:StringEquals", Map.of("aws:TagKeys", MirrorflowStack.SESSION_TAG_KEYS)))
        .build());
    // Filter and target: only the hub's allowlist (AllowedTargets.grantMemberCreateSessions).
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("CreateSessionsOnSources")
        .actions(List.of("ec2:CreateTrafficMirrorSession"))
        .resources(List.of(ec2Arn("network-interface", "*")))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("TagOnlyWhileCreatingOwnedSessions")
        .actions(List.of("ec2:CreateTags"))
        .resources(List.of(session))
        .conditions(Map.of("StringEquals", Map.of(
            "ec2:CreateAction", "CreateTrafficMirrorSession", "aws:RequestTag/" + owner, cluster)))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("MarkUnsupportedEnis")
        .actions(List.of("ec2:CreateTags"))
        .resources(List.of(ec2Arn("network-interface", "*")))
        .conditions(Map.of("ForAllValues:StringEquals", Map.of("aws:TagKeys",
            List.of(MirrorflowStack.UNSUPPORTED_TAG, MirrorflowStack.REFUSED_TAG))))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("DeleteOnlyOwnedSessions")
        .actions(List.of("ec2:DeleteTrafficMirrorSession"))
        .resources(List.of(session))
        .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + owner, cluster)))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("DescribeNetwork")
        .actions(MirrorflowStack.EC2_READ_ACTIONS)
        .resources(List.of("*"))
        .build());
    return role;
  }

  private Role createForwardRole() {
    Role role = Role.Builder.create(this, "ForwardRole")
        .roleName(Names.role(cluster, getRegion(), ClusterNames.FORWARD_ROLE))
        .description("EventBridge puts this account's state changes on the bus of Mirrorflow cluster " + cluster)
        .assumedBy(new ServicePrincipal("events.amazonaws.com"))
        .build();
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("PutOnClusterBus")
        .actions(List.of("events:PutEvents"))
        .resources(List.of(clusterBusArn()))
        .build());
    return role;
  }

  private String clusterBusArn() {
    return Fn.join("", List.of("arn:", Aws.PARTITION, ":events:", Aws.REGION, ":", hubAccount, ":event-bus/",
        ClusterNames.bus(cluster)));
  }

  private void createForwardingRule(StateChangePattern pattern) {
    CfnRule.Builder.create(this, "ForwardStateChanges")
        .name(ClusterNames.memberForwardRule(cluster))
        .description("Mirrorflow cluster " + cluster + ": EC2 and ECS state changes to the cluster bus in " + hubAccount)
        .eventPattern(Map.of("source", pattern.sources(), "detail-type", pattern.detailTypes()))
        .state("ENABLED")
        .targets(List.of(CfnRule.TargetProperty.builder()
            .id("cluster-bus")
            .arn(clusterBusArn())
            .roleArn(forwardRole.getRoleArn())
            .build()))
        .build();
  }

  private void suppressFindings() {
    NagSuppressions.addResourceSuppressions(memberRole, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("As the hub's own step role: mirror sessions get their ids from EC2 at creation, so creating and "
            + "deleting are limited by the ownership tag instead; sources are any ENI of the account "
            + "(VPCs register at run time); filters and targets are the allowlist's ARNs; describe calls take no resource ARNs")
        .build()), true);
  }

  public Role memberRole() {
    return memberRole;
  }
}
