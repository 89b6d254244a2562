package dev.mirrorflow.activities.registry;

/** The VPC is not registered with the cluster, so there is nothing to reconcile it against. */
public class VpcNotRegisteredException extends RuntimeException {
  public VpcNotRegisteredException(String cluster, String vpcId) {
    super("VPC " + vpcId + " is not registered with cluster " + cluster
        + ": register it with `mirrorflow add-vpc` first (EventBridge Scheduler has no schedule "
        + VpcRegistration.scheduleOf(cluster, vpcId) + ")");
  }

  private VpcNotRegisteredException(String message) {
    super(message);
  }

  /** The VPC is registered but its schedule is disabled: remove-vpc is removing it. */
  public static VpcNotRegisteredException inactive(String cluster, String vpcId) {
    return new VpcNotRegisteredException("VPC " + vpcId + " is being removed from cluster " + cluster
        + " (schedule " + VpcRegistration.scheduleOf(cluster, vpcId) + " is disabled): nothing is reconciled;"
        + " run `mirrorflow add-vpc " + vpcId + "` to mirror it again");
  }
}
