package dev.mirrorflow.activities.lifecycle;

/**
 * remove-vpc found, before deregistering, that the registration it had disabled is enabled again: an
 * add-vpc that had passed its checks before the gate closed registered the VPC anew. The removal
 * stops there and leaves the new registration in place (its next scan mirrors the VPC again), rather
 * than silently undoing that add-vpc.
 */
public class RemovalSupersededException extends RuntimeException {
  public RemovalSupersededException(String cluster, String vpcId) {
    super("VPC " + vpcId + " was registered again with cluster " + cluster + " (add-vpc) while remove-vpc was"
        + " removing it: the removal stops and the VPC stays registered (its next scan mirrors it again);"
        + " run `mirrorflow remove-vpc " + vpcId + "` again to remove it");
  }
}
