package dev.mirrorflow.activities.registry;

import dev.mirrorflow.activities.cluster.ClusterNames;

/**
 * One VPC registered with a capture cluster: the target Input of the VPC's schedule {@code <vpcId>}
 * in the cluster's schedule group {@code mirrorflow-<cluster>} (see {@link ClusterNames}), which is
 * also the input of every scheduled scan: {@code {"cluster": "...", "vpcId": "vpc-...", "config":
 * {...}}} with {@code config} as documented on {@link VpcMirroringConfig}.
 *
 * @param cluster capture cluster name
 * @param vpcId the registered VPC
 * @param config how the VPC is mirrored
 */
public record VpcRegistration(String cluster, String vpcId, VpcMirroringConfig config) {

  /** {@code <group>/<schedule>} of a VPC's registration, for messages. */
  public static String scheduleOf(String cluster, String vpcId) {
    return ClusterNames.scheduleGroup(cluster) + "/" + ClusterNames.schedule(vpcId);
  }
}
