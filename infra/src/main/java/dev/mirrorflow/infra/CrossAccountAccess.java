package dev.mirrorflow.infra;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.cluster.ClusterNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.events.CfnEventBusPolicy;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The hub's side of member accounts, from the context values {@code memberAccounts} (comma-separated
 * account ids) and {@code memberOrganizationId} (an organization id: every account of it): the
 * cluster bus's policy accepting their forwarded events, the rule on the cluster bus that starts the
 * event router for them, and the steps' permission to assume the member role (only that role name,
 * only in those accounts or that organization). Nothing is added when neither is given.
 */
final class CrossAccountAccess extends Construct {
  private final List<String> accounts;
  private final String organizationId;

  CrossAccountAccess(Construct scope, String id, String cluster) {
    super(scope, id);
    Object listed = scope.getNode().tryGetContext("memberAccounts");
    Object org = scope.getNode().tryGetContext("memberOrganizationId");
    List<String> parsed = new ArrayList<>();
    if (listed != null && !listed.toString().isBlank()) {
      for (String a : listed.toString().split(",")) {
        String account = a.trim();
        if (!account.matches("[0-9]{12}")) {
          throw new InvalidSettingsException("memberAccounts must be 12-digit account ids separated by commas, got '"
              + account + "'");
        }
        parsed.add(account);
      }
    }
    this.accounts = List.copyOf(parsed);
    this.organizationId = org == null || org.toString().isBlank() ? null : org.toString();
    if (organizationId != null && !organizationId.matches("o-[a-z0-9]{10,32}")) {
      throw new InvalidSettingsException("memberOrganizationId must be an organization id like o-a1b2c3d4e5, got '"
          + organizationId + "'");
    }
  }

  /** The member role's name in every member account (the member stack's {@code MemberRole}). */
  static String memberRoleName(String cluster, String region) {
    return ClusterNames.memberRole(cluster, region);
  }

  boolean enabled() {
    return !accounts.isEmpty() || organizationId != null;
  }

  /** The variables the steps need to reach member accounts. */
  void addVariables(Map<String, String> environment, String cluster, String region) {
    environment.put(AwsClients.HUB_ACCOUNT_VARIABLE, Aws.ACCOUNT_ID);
    environment.put(AwsClients.MEMBER_ROLE_VARIABLE, memberRoleName(cluster, region));
    environment.put(AwsClients.PARTITION_VARIABLE, Aws.PARTITION);
  }

  /** Bus policy, forwarded-events rule and the steps' sts:AssumeRole. */
  void apply(String cluster, String region, EventBus bus, IRole activitiesRole, Optional<IStateMachine> router,
      IRole eventsRole, IQueue deadLetterQueue) {
    if (!enabled()) {
      return;
    }
    for (String account : accounts) {
      CfnEventBusPolicy.Builder.create(this, "Member" + account)
          .eventBusName(bus.getEventBusName())
          .statementId("member-" + account)
          .statement(Map.of("Sid", "member-" + account, "Effect", "Allow",
              "Principal", Map.of("AWS", "arn:" + "aws" + ":iam::" + account + ":root"),
              "Action", "events:PutEvents", "Resource", bus.getEventBusArn()))
          .build();
    }
    if (organizationId != null) {
      CfnEventBusPolicy.Builder.create(this, "Organization")
          .eventBusName(bus.getEventBusName())
          .statementId("organization")
          .statement(Map.of("Sid", "organization", "Effect", "Allow", "Principal", "*",
              "Action", "events:PutEvents", "Resource", bus.getEventBusArn(),
              "Condition", Map.of("StringEquals", Map.of("aws:PrincipalOrgID", organizationId))))
          .build();
    }
    router.ifPresent(machine -> Rule.Builder.create(this, "ForwardedStateChanges")
        .ruleName(ClusterNames.forwardedStateChangeRule(cluster))
        .description("EC2 and ECS state changes forwarded by member accounts of Mirrorflow cluster " + cluster)
        .eventBus(bus)
        .eventPattern(software.amazon.awscdk.services.events.EventPattern.builder()
            .source(List.of("aws.ec2", "aws.ecs"))
            .detailType(List.of("EC2 Instance State-change Notification", "ECS Task State Change"))
            .build())
        .targets(List.of(new SfnStateMachine(machine, SfnStateMachineProps.builder()
            .role(eventsRole).deadLetterQueue(deadLetterQueue).retryAttempts(8).maxEventAge(Duration.hours(1)).build())))
        .build());
    String roleName = memberRoleName(cluster, region);
    List<String> roles = accounts.isEmpty()
        ? List.of(Fn.join("", List.of("arn:", Aws.PARTITION, ":iam::*:role/", roleName)))
        : accounts.stream().map(a -> Fn.join("", List.of("arn:", Aws.PARTITION, ":iam::", a, ":role/", roleName))).toList();
    PolicyStatement.Builder assume = PolicyStatement.Builder.create()
        .sid("AssumeMemberRoles")
        .actions(List.of("sts:AssumeRole"))
        .resources(organizationId == null ? roles
            : List.of(Fn.join("", List.of("arn:", Aws.PARTITION, ":iam::*:role/", roleName))));
    if (organizationId != null) {
      assume.conditions(Map.of("StringEquals", Map.of("aws:ResourceOrgID", organizationId)));
    }
    ((Role) activitiesRole).addToPolicy(assume.build());
  }

  List<String> accounts() {
    return accounts;
  }

  static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
