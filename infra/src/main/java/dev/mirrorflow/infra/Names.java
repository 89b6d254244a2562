package dev.mirrorflow.infra;

import dev.mirrorflow.activities.cluster.ClusterNames;
import java.util.regex.Pattern;

/**
 * The names of everything a cluster owns, as the CDK app uses them: the names themselves are
 * {@link ClusterNames}'s (shared with the workflows' steps, the CLI and the local cloud); this adds
 * the checks AWS's name limits need at synth time.
 */
public final class Names {

  /**
   * Lower-case letters, digits and hyphens, at most 20 characters: role names carry the region as
   * well and must fit IAM's 64 characters, and every rule, queue and schedule group name stays well
   * inside EventBridge's and Scheduler's 64.
   */
  private static final Pattern CLUSTER = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?");

  private static final int MAX_FUNCTION_NAME = 64;
  private static final int MAX_STATE_MACHINE_NAME = 80;

  private Names() {}

  /** Checks a cluster name and returns it. */
  public static String requireValidCluster(String cluster) {
    if (cluster == null || !CLUSTER.matcher(cluster).matches()) {
      throw new InvalidSettingsException(
          "invalid cluster name '" + cluster + "': use 1 to 20 lower-case letters, digits and hyphens, "
              + "starting and ending with a letter or digit (e.g. -c cluster=prod-capture)");
    }
    return cluster;
  }

  /** {@code mirrorflow-<cluster>}: the stack and the cluster's own event bus. */
  public static String cluster(String cluster) {
    return ClusterNames.cluster(cluster);
  }

  /** The EventBridge Scheduler group holding one schedule per registered VPC. */
  public static String scheduleGroup(String cluster) {
    return ClusterNames.scheduleGroup(cluster);
  }

  /** The one rule on the cluster bus that turns scan requests into scans. */
  public static String scanRequestRule(String cluster) {
    return ClusterNames.scanRequestRule(cluster);
  }

  /** {@code mirrorflow-<cluster>-}: the prefix of every rule (and state machine) the cluster owns. */
  public static String rulePrefix(String cluster) {
    return ClusterNames.prefix(cluster);
  }

  /** The state machine of {@code <workflow>.asl.json}: {@code mirrorflow-<cluster>-<workflow>}. */
  public static String stateMachine(String cluster, String workflow) {
    String name = ClusterNames.stateMachine(cluster, workflow);
    if (name.length() > MAX_STATE_MACHINE_NAME) {
      throw new InvalidSettingsException(
          "state machine name " + name + " is longer than " + MAX_STATE_MACHINE_NAME
              + " characters: shorten the cluster name or the file name " + workflow + ".asl.json");
    }
    return name;
  }

  /** The Lambda function serving {@code ${<Step>FunctionArn}}: {@code mirrorflow-<cluster>-<Step>}. */
  public static String function(String cluster, String step) {
    String name = ClusterNames.function(cluster, step);
    if (name.length() > MAX_FUNCTION_NAME) {
      throw new InvalidSettingsException(
          "function name " + name + " is longer than " + MAX_FUNCTION_NAME
              + " characters: shorten the cluster name or the step " + step);
    }
    return name;
  }

  /** The handler class of a step in the activities jar. */
  public static String handlerClass(String step) {
    return "dev.mirrorflow.activities.handler." + step + "Handler";
  }

  /** The rule on the default bus that feeds EC2 and ECS state changes to the event router. */
  public static String stateChangeRule(String cluster) {
    return ClusterNames.stateChangeRule(cluster);
  }

  /** The dead-letter queue of every rule target of the cluster. */
  public static String deadLetterQueue(String cluster) {
    return ClusterNames.deadLetterQueue(cluster);
  }

  /** The SNS topic that alarms publish to. */
  public static String alarmTopic(String cluster) {
    return ClusterNames.alarmTopic(cluster);
  }

  /** The CloudWatch dashboard. */
  public static String dashboard(String cluster) {
    return cluster(cluster);
  }

  /**
   * A role name: IAM names are global to the account, so the region (a token at synth time) is part
   * of the name, letting one cluster name be deployed in several regions. With at most 20 characters
   * of cluster and 14 of region, the longest, {@code -activities}, stays under IAM's 64.
   */
  public static String role(String cluster, String region, String purpose) {
    return ClusterNames.role(cluster, region, purpose);
  }

  /** PascalCase of a kebab-case file name: {@code reconcile-vpc} becomes {@code ReconcileVpc}. */
  public static String pascalCase(String kebab) {
    StringBuilder out = new StringBuilder();
    for (String part : kebab.split("-")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }
}
