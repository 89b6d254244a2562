package dev.mirrorflow.activities.testing;

import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A registry held in memory. */
public final class FakeRegistry implements VpcRegistry {
  private final Map<String, VpcMirroringConfig> configs = new HashMap<>();

  public FakeRegistry register(String cluster, String vpcId, VpcMirroringConfig config) {
    configs.put(cluster + "/" + vpcId, config);
    return this;
  }

  @Override
  public Optional<VpcMirroringConfig> find(String cluster, String vpcId) {
    return Optional.ofNullable(configs.get(cluster + "/" + vpcId));
  }
}
