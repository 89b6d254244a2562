package dev.mirrorflow.activities.registry;

/**
 * One VPC registered with a capture cluster: the constant Input of the target {@value #TARGET_ID} of
 * the rule {@code mirrorflow-<cluster>-<vpcId>-schedule} on the default bus, which is also the input
 * of every scheduled reconcile: {@code {"cluster": "...", "vpcId": "vpc-...", "config": {...}}} with
 * {@code config} as documented on {@link VpcMirroringConfig}.
 *
 * @param cluster capture cluster name
 * @param vpcId the registered VPC
 * @param config how the VPC is mirrored
 */
public record VpcRegistration(String cluster, String vpcId, VpcMirroringConfig config) {

  /** The id of the schedule rule's target that starts the reconcile. */
  public static final String TARGET_ID = "reconcile";

  /** The name of the every-minute schedule rule of a registered VPC. */
  public static String scheduleRuleName(String cluster, String vpcId) {
    return "mirrorflow-" + cluster + "-" + vpcId + "-schedule";
  }

  /** The name of the rule on the cluster bus that turns "Scan Requested" events for the VPC into reconciles. */
  public static String scanRuleName(String cluster, String vpcId) {
    return "mirrorflow-" + cluster + "-" + vpcId + "-scan";
  }
}
