package dev.mirrorflow.activities.lifecycle;

import dev.mirrorflow.activities.registry.VpcRegistration;

/**
 * add-vpc was asked to register a VPC whose registration remove-vpc has disabled (its gate is closed):
 * registering it now would be undone when the removal deletes the registration. Nothing was changed.
 */
public class RemovalInProgressException extends RuntimeException {
  public RemovalInProgressException(String cluster, String vpcId) {
    super("VPC " + vpcId + " is being removed from cluster " + cluster + " (its registration "
        + VpcRegistration.scheduleOf(cluster, vpcId) + " is disabled), and adding it now would be undone"
        + " when the removal ends: follow the running remove-vpc (`mirrorflow executions " + vpcId
        + "`) and run add-vpc when it has ended; if the last remove-vpc failed, run `mirrorflow remove-vpc "
        + vpcId + "` again first. Nothing was changed");
  }
}
