package dev.mirrorflow.activities.route;

/** Looks up one VPC's registration with a cluster: a constant number of calls, whatever the number of VPCs. */
public interface RegistrationLookup {

  /**
   * @throws dev.mirrorflow.activities.registry.TransientRegistryException when the store cannot answer right now
   */
  RegistrationState state(String cluster, String vpcId);
}
