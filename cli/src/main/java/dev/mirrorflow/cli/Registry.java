package dev.mirrorflow.cli;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;

/**
 * Which VPCs are registered with the cluster, read as the workflows read it: a VPC is registered
 * while its schedule rule {@code mirrorflow-<cluster>-<vpcId>-schedule} on the default bus has its
 * {@code reconcile} target, whose constant Input holds the config; it is active while that rule is
 * ENABLED.
 */
final class Registry {
  private static final String SCHEDULE_SUFFIX = "-schedule";

  private final Cloud cloud;

  Registry(Cloud cloud) {
    this.cloud = cloud;
  }

  /** The VPC's config, if it is registered. */
  Optional<VpcMirroringConfig> find(String vpcId) {
    return cloud.call(() -> cloud.registry().find(cloud.cluster(), vpcId));
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

  /** The ids of every VPC whose schedule rule exists (registered, or half-way through remove-vpc). */
  List<String> vpcIds() {
    String prefix = "mirrorflow-" + cloud.cluster() + "-";
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListRulesResponse page =
          cloud.call(() -> cloud.events().listRules(b -> b.namePrefix(prefix).nextToken(next)));
      for (Rule rule : page.rules()) {
        String name = rule.name();
        String vpcId = name.endsWith(SCHEDULE_SUFFIX)
            ? name.substring(prefix.length(), name.length() - SCHEDULE_SUFFIX.length()) : "";
        // "mirrorflow-blue-x-vpc-...-schedule" belongs to cluster "blue-x", not to VPC "x-vpc-..." of "blue".
        if (Ids.VPC.matcher(vpcId).matches() && name.equals(VpcRegistration.scheduleRuleName(cloud.cluster(), vpcId))) {
          ids.add(vpcId);
        }
      }
      token = page.nextToken();
    } while (token != null);
    return ids;
  }

  void requireRegistered(String vpcId) {
    if (find(vpcId).isEmpty()) {
      throw new BadInputException(
          vpcId + " is not registered with cluster '" + cloud.cluster() + "' in " + cloud.where()
              + ": run `mirrorflow add-vpc " + vpcId + "` first (or check --cluster)");
    }
  }
}
