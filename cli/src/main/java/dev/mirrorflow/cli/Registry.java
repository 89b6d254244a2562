package dev.mirrorflow.cli;

import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.List;
import java.util.Optional;

/**
 * Which VPCs are registered with the cluster, read as the workflows read it: a VPC is registered
 * while it has a schedule {@code <vpcId>} in the cluster's EventBridge Scheduler group {@code
 * mirrorflow-<cluster>}, whose target Input holds the config; it is active while that schedule is
 * ENABLED.
 */
final class Registry {
  private final Cloud cloud;

  Registry(Cloud cloud) {
    this.cloud = cloud;
  }

  /** The VPC's config, if it is registered. */
  Optional<VpcMirroringConfig> find(String vpcId) {
    return cloud.call(() -> cloud.registry().find(cloud.cluster(), vpcId));
  }

  /** The VPC's registration (config, active, confirmed by add-vpc's digest), if it is registered. */
  Optional<dev.mirrorflow.activities.registry.VpcRegistry.Registered> lookup(String vpcId) {
    return cloud.call(() -> cloud.registry().lookup(cloud.cluster(), vpcId));
  }

  /** Whether the VPC has a registration, even one whose config does not parse. */
  boolean isRegistered(String vpcId) {
    try {
      return find(vpcId).isPresent();
    } catch (dev.mirrorflow.activities.registry.InvalidVpcConfigException e) {
      return true;
    }
  }

  boolean isActive(String vpcId) {
    return cloud.call(() -> cloud.registry().isActive(cloud.cluster(), vpcId));
  }

  /** The ids of every VPC with a schedule in the cluster's group (registered, or half-way through remove-vpc). */
  List<String> vpcIds() {
    return cloud.call(() -> cloud.registry().vpcIds(cloud.cluster()));
  }

  void requireRegistered(String vpcId) {
    if (find(vpcId).isEmpty()) {
      throw new BadInputException(
          vpcId + " is not registered with cluster '" + cloud.cluster() + "' in " + cloud.where()
              + ": run `mirrorflow add-vpc " + vpcId + "` first (or check --cluster)");
    }
  }
}
