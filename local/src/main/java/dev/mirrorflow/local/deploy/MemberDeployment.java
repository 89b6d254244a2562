package dev.mirrorflow.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.sts.Accounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * What the CDK app's member stack and the hub's cross-account access put on AWS, put on the local
 * cloud through its own APIs, each signed as the account it belongs to:
 * <ul>
 *   <li>member side ({@link #deployMember}): the role the hub's steps assume, trusting only the
 *       cluster's step role, and the rule on the member's default bus forwarding EC2 and ECS state
 *       changes to the cluster bus;</li>
 *   <li>hub side ({@link #acceptMembers}): the cluster bus's policy allowing the listed accounts (or
 *       an organization) to put events, and the rule on the cluster bus feeding forwarded state
 *       changes to the event router.</li>
 * </ul>
 * Putting them again changes nothing.
 */
public final class MemberDeployment {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsDispatcher dispatcher;
  private final Accounts accounts;
  private final String region;
  private final String hubAccount;

  public MemberDeployment(AwsDispatcher dispatcher, Accounts accounts, String region, String hubAccount) {
    this.dispatcher = dispatcher;
    this.accounts = accounts;
    this.region = region;
    this.hubAccount = hubAccount;
  }

  /** The hub step role a member role trusts. */
  public String stepRoleArn(String cluster) {
    return "arn:aws:iam::" + hubAccount + ":role/" + ClusterNames.role(cluster, null, ClusterNames.ACTIVITIES_ROLE);
  }

  /** The member role's ARN in {@code memberAccount}. */
  public static String memberRoleArn(String cluster, String memberAccount) {
    return "arn:aws:iam::" + memberAccount + ":role/" + ClusterNames.memberRole(cluster, null);
  }

  /** The member stack in {@code memberAccount}: the role and the forwarding rule. */
  public void deployMember(String memberAccount, String cluster, String stateChangePattern) {
    if (memberAccount.equals(hubAccount)) {
      throw new DeploymentException("account " + memberAccount + " is the hub's own: it needs no member stack");
    }
    accounts.putRole(memberAccount, ClusterNames.memberRole(cluster, null), Set.of(stepRoleArn(cluster)));
    accounts.putRole(memberAccount, ClusterNames.role(cluster, null, ClusterNames.FORWARD_ROLE),
        Set.of("events.amazonaws.com"));
    String rule = ClusterNames.memberForwardRule(cluster);
    ObjectNode putRule = JSON.createObjectNode().put("Name", rule).put("EventPattern", stateChangePattern)
        .put("State", "ENABLED").put("Description", "Mirrorflow cluster " + cluster + ": forward state changes to the hub");
    ObjectNode putTargets = JSON.createObjectNode().put("Rule", rule);
    putTargets.putArray("Targets").addObject()
        .put("Id", "cluster-bus")
        .put("Arn", "arn:aws:events:" + region + ":" + hubAccount + ":event-bus/" + ClusterNames.bus(cluster))
        .put("RoleArn", "arn:aws:iam::" + memberAccount + ":role/" + ClusterNames.role(cluster, null, ClusterNames.FORWARD_ROLE));
    String key = accounts.accessKey(memberAccount);
    put(key, "AWSEvents.PutRule", putRule, "the forwarding rule " + rule + " in " + memberAccount);
    put(key, "AWSEvents.PutTargets", putTargets, "the forwarding rule's target in " + memberAccount);
  }

  /** Removes the member stack from {@code memberAccount} (role and rule). */
  public void removeMember(String memberAccount, String cluster) {
    accounts.deleteRole(memberRoleArn(cluster, memberAccount));
    String rule = ClusterNames.memberForwardRule(cluster);
    String key = accounts.accessKey(memberAccount);
    ObjectNode remove = JSON.createObjectNode().put("Rule", rule);
    remove.putArray("Ids").add("cluster-bus");
    dispatch(key, "AWSEvents.RemoveTargets", remove);
    dispatch(key, "AWSEvents.DeleteRule", JSON.createObjectNode().put("Name", rule));
  }

  /**
   * The hub side: the cluster bus accepts events from {@code memberAccounts} (one statement each)
   * and, when {@code organizationId} is given, from every account of that organization; the
   * forwarded state changes start {@code eventRouterArn} with {@code eventsRoleArn}.
   */
  public void acceptMembers(String cluster, List<String> memberAccounts, String organizationId,
      String stateChangePattern, String eventRouterArn, String eventsRoleArn, String deadLetterArn) {
    String bus = ClusterNames.bus(cluster);
    String key = accounts.accessKey(hubAccount);
    for (String member : memberAccounts) {
      put(key, "AWSEvents.PutPermission", JSON.createObjectNode().put("EventBusName", bus)
          .put("Action", "events:PutEvents").put("Principal", member).put("StatementId", "member-" + member),
          "the cluster bus permission for " + member);
    }
    if (organizationId != null) {
      ObjectNode permission = JSON.createObjectNode().put("EventBusName", bus)
          .put("Action", "events:PutEvents").put("Principal", "*").put("StatementId", "organization");
      permission.putObject("Condition").put("Type", "StringEquals").put("Key", "aws:PrincipalOrgID")
          .put("Value", organizationId);
      put(key, "AWSEvents.PutPermission", permission, "the cluster bus permission for " + organizationId);
    }
    String rule = ClusterNames.forwardedStateChangeRule(cluster);
    ObjectNode putRule = JSON.createObjectNode().put("Name", rule).put("EventBusName", bus)
        .put("EventPattern", stateChangePattern).put("State", "ENABLED");
    ObjectNode putTargets = JSON.createObjectNode().put("Rule", rule).put("EventBusName", bus);
    ObjectNode target = putTargets.putArray("Targets").addObject()
        .put("Id", "event-router").put("Arn", eventRouterArn).put("RoleArn", eventsRoleArn);
    // As the state-change rule on the default bus: an hour of retries through throttling, then the dead-letter queue.
    target.putObject("RetryPolicy").put("MaximumRetryAttempts", 8).put("MaximumEventAgeInSeconds", 3600);
    target.putObject("DeadLetterConfig").put("Arn", deadLetterArn);
    put(key, "AWSEvents.PutRule", putRule, "the forwarded state-change rule " + rule);
    put(key, "AWSEvents.PutTargets", putTargets, "the forwarded state-change rule's target");
  }

  private LocalResponse dispatch(String key, String target, ObjectNode body) {
    return dispatcher.dispatch(LocalRequest.awsJson(target, body.toString())
        .withHeader("authorization", Accounts.authorization(key)));
  }

  private void put(String key, String target, ObjectNode body, String what) {
    LocalResponse answer = dispatch(key, target, body);
    try {
      JsonNode json = JSON.readTree(answer.body());
      if (answer.status() != 200 || json.path("FailedEntryCount").asInt() != 0) {
        throw new DeploymentException("cannot put " + what + ": " + answer.bodyAsString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
