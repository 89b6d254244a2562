package dev.mirrorflow.activities.registry;

import java.util.Optional;

/** Where the mirroring config of each registered VPC lives. */
public interface VpcRegistry {

  /**
   * The config of {@code vpcId} in {@code cluster}, or empty when the VPC is not registered.
   *
   * @throws TransientRegistryException when the store cannot answer right now
   * @throws InvalidVpcConfigException when the VPC is registered with a malformed config
   */
  Optional<VpcMirroringConfig> find(String cluster, String vpcId);

  /**
   * Whether {@code vpcId} is <em>active</em>: its schedule rule exists and is ENABLED. A registered
   * VPC whose rule remove-vpc has disabled is not active: that is the gate no reconcile may create
   * sessions through.
   *
   * @throws TransientRegistryException when the store cannot answer right now
   */
  boolean isActive(String cluster, String vpcId);
}
