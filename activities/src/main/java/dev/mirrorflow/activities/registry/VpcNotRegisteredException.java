package dev.mirrorflow.activities.registry;

/** The VPC is not registered with the cluster, so there is nothing to reconcile it against. */
public class VpcNotRegisteredException extends RuntimeException {
  public VpcNotRegisteredException(String cluster, String vpcId) {
    super("VPC " + vpcId + " is not registered with cluster " + cluster
        + ": register it with `mirrorflow add-vpc` first (rule " + VpcRegistration.scheduleRuleName(cluster, vpcId)
        + " on the default bus is missing or has no target 'reconcile')");
  }
}
