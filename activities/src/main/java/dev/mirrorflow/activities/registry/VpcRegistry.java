package dev.mirrorflow.activities.registry;

import java.util.Optional;

/**
 * Where each registered VPC's registration lives: its mirroring config, and whether it is open for
 * reconciles. Each question is answered with one read of that VPC's registration alone, never a scan
 * over every registered VPC.
 */
public interface VpcRegistry {

  /**
   * The VPC's registration, or empty when the VPC is not registered.
   *
   * @throws TransientRegistryException when the store cannot answer right now
   * @throws InvalidVpcConfigException when the VPC is registered with a malformed config
   */
  Optional<Registered> lookup(String cluster, String vpcId);

  /**
   * The config of {@code vpcId} in {@code cluster}, or empty when the VPC is not registered.
   *
   * @throws TransientRegistryException when the store cannot answer right now
   * @throws InvalidVpcConfigException when the VPC is registered with a malformed config
   */
  default Optional<VpcMirroringConfig> find(String cluster, String vpcId) {
    return lookup(cluster, vpcId).map(Registered::config);
  }

  /**
   * Whether {@code vpcId} is <em>active</em>: registered and ENABLED. A registered VPC that
   * remove-vpc has disabled is not active: that is the gate no reconcile may create sessions through.
   *
   * @throws TransientRegistryException when the store cannot answer right now
   */
  default boolean isActive(String cluster, String vpcId) {
    return state(cluster, vpcId) == RegistrationState.ACTIVE;
  }

  /**
   * Not registered, registered but closed (remove-vpc under way), or active. A registration whose
   * config is malformed still counts as registered.
   *
   * @throws TransientRegistryException when the store cannot answer right now
   */
  RegistrationState state(String cluster, String vpcId);

  /**
   * A VPC's registration as read.
   *
   * @param config how the VPC is mirrored
   * @param active whether it is open for reconciles (ENABLED)
   * @param confirmed whether the config is what add-vpc last wrote (see {@link RegistrationDigest}); a
   *     registration changed behind add-vpc's back is not confirmed, and no reconcile acts on it
   */
  record Registered(VpcMirroringConfig config, boolean active, boolean confirmed) {
    /** A registration as add-vpc wrote it. */
    public Registered(VpcMirroringConfig config, boolean active) {
      this(config, active, true);
    }
  }
}
