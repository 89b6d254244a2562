package dev.mirrorflow.activities.testing;

import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A registry held in memory; a registered VPC is active until {@link #deactivate}. */
public final class FakeRegistry implements VpcRegistry {
  private final Map<String, VpcMirroringConfig> configs = new HashMap<>();
  private final Set<String> inactive = new HashSet<>();
  private final Set<String> unconfirmed = new HashSet<>();
  /** How many times {@link #isActive} was asked. */
  public int activeChecks;

  public FakeRegistry register(String cluster, String vpcId, VpcMirroringConfig config) {
    configs.put(cluster + "/" + vpcId, config);
    inactive.remove(cluster + "/" + vpcId);
    unconfirmed.remove(cluster + "/" + vpcId);
    return this;
  }

  /** As an UpdateSchedule behind add-vpc's back: the config no longer matches its digest. */
  public FakeRegistry tamper(String cluster, String vpcId, VpcMirroringConfig config) {
    configs.put(cluster + "/" + vpcId, config);
    unconfirmed.add(cluster + "/" + vpcId);
    return this;
  }

  /** As remove-vpc's first step: the schedule stays, disabled. */
  public FakeRegistry deactivate(String cluster, String vpcId) {
    inactive.add(cluster + "/" + vpcId);
    return this;
  }

  @Override
  public Optional<Registered> lookup(String cluster, String vpcId) {
    String key = cluster + "/" + vpcId;
    return Optional.ofNullable(configs.get(key)).map(c -> new Registered(c, !inactive.contains(key), !unconfirmed.contains(key)));
  }

  @Override
  public RegistrationState state(String cluster, String vpcId) {
    String key = cluster + "/" + vpcId;
    return !configs.containsKey(key) ? RegistrationState.NOT_REGISTERED
        : inactive.contains(key) ? RegistrationState.INACTIVE : RegistrationState.ACTIVE;
  }

  @Override
  public boolean isActive(String cluster, String vpcId) {
    activeChecks++;
    String key = cluster + "/" + vpcId;
    return configs.containsKey(key) && !inactive.contains(key);
  }
}
