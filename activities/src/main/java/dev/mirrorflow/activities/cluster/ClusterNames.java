package dev.mirrorflow.activities.cluster;

/**
 * The names of everything a capture cluster owns, derived from the cluster's name. The CDK app, the
 * local deployer, the workflows' steps and the CLI all read them here, so that they cannot drift.
 * The CDK app checks the cluster name itself (1 to 20 lower-case letters, digits and hyphens).
 */
public final class ClusterNames {
  private ClusterNames() {}

  /** {@code mirrorflow-<cluster>}: the stack, the cluster's event bus and its schedule group. */
  public static String cluster(String cluster) {
    return "mirrorflow-" + cluster;
  }

  /** {@code mirrorflow-<cluster>-}: the prefix of every rule, state machine, function and queue of the cluster. */
  public static String prefix(String cluster) {
    return cluster(cluster) + "-";
  }

  /** The cluster's own event bus: scan requests, and events forwarded by member accounts. */
  public static String bus(String cluster) {
    return cluster(cluster);
  }

  /** The EventBridge Scheduler schedule group holding one schedule per registered VPC. */
  public static String scheduleGroup(String cluster) {
    return cluster(cluster);
  }

  /**
   * A registered VPC's every-minute schedule, in the cluster's {@linkplain #scheduleGroup group}:
   * the VPC id itself (Scheduler names take 64 characters of {@code [0-9a-zA-Z-_.]}).
   */
  public static String schedule(String vpcId) {
    return vpcId;
  }

  /** The state machine of {@code <workflow>.asl.json}. */
  public static String stateMachine(String cluster, String workflow) {
    return prefix(cluster) + workflow;
  }

  /** The Lambda function serving the step {@code ${<Step>FunctionArn}}. */
  public static String function(String cluster, String step) {
    return prefix(cluster) + step;
  }

  /** The rule on the default bus that feeds EC2 and ECS state changes to the event router. */
  public static String stateChangeRule(String cluster) {
    return prefix(cluster) + "state-changes";
  }

  /** The one rule on the cluster bus that turns every "Scan Requested" event into a scan of its VPC. */
  public static String scanRequestRule(String cluster) {
    return prefix(cluster) + "scan-requests";
  }

  /** The dead-letter queue of every rule and schedule target of the cluster. */
  public static String deadLetterQueue(String cluster) {
    return prefix(cluster) + "dlq";
  }

  /** The SNS topic that alarms publish to. */
  public static String alarmTopic(String cluster) {
    return prefix(cluster) + "alarms";
  }

  /**
   * A role of the cluster. On AWS the region is part of the name ({@code region} non-null), since
   * IAM names are global to the account; the local cloud has one region and leaves it out.
   */
  public static String role(String cluster, String region, String purpose) {
    return prefix(cluster) + (region == null ? "" : region + "-") + purpose;
  }

  /**
   * The role a member account holds for the hub's steps to assume (describe ENIs, create and delete
   * owned sessions there); named like the cluster's own roles ({@link #role}).
   */
  public static String memberRole(String cluster, String region) {
    return role(cluster, region, MEMBER_ROLE);
  }

  /** The rule on a member account's default bus that forwards its EC2 and ECS state changes to the cluster bus. */
  public static String memberForwardRule(String cluster) {
    return prefix(cluster) + "forward";
  }

  /** The rule on the cluster bus that feeds state changes forwarded by member accounts to the event router. */
  public static String forwardedStateChangeRule(String cluster) {
    return prefix(cluster) + "member-state-changes";
  }

  /** The role of the cluster's Lambda steps (the principal a member role trusts). */
  public static final String ACTIVITIES_ROLE = "activities";
  /** The role of a member account that the hub's steps assume. */
  public static final String MEMBER_ROLE = "member";
  /** The role a member's forwarding rule puts events on the cluster bus with. */
  public static final String FORWARD_ROLE = "forward";

  /** The role EventBridge rules start the cluster's workflows with. */
  public static final String EVENTS_ROLE = "events";
  /** The role EventBridge Scheduler assumes to start scan-vpc for each registered VPC. */
  public static final String SCHEDULER_ROLE = "scheduler";
}
