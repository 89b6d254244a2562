package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The event router's view of the one registration reader: it remembers that a VPC is active for a
 * few seconds, so a burst of events about it costs one lookup per warm function. Only "active" is
 * remembered: a VPC registered a moment ago is never ignored because of a stale "not registered". A
 * VPC removed within the last few seconds may still get one reconcile, which finds the gate closed
 * and does nothing. Full lookups (with the config) always read through.
 */
public final class CachingRegistry implements VpcRegistry {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  private final VpcRegistry registry;
  private final WarmCache<String, RegistrationState> active;

  public CachingRegistry(VpcRegistry registry, Clock clock, Duration ttl) {
    this.registry = registry;
    this.active = new WarmCache<>(clock, ttl);
  }

  @Override
  public Optional<Registered> lookup(String cluster, String vpcId) {
    return registry.lookup(cluster, vpcId);
  }

  @Override
  public RegistrationState state(String cluster, String vpcId) {
    String key = cluster + "\u0000" + vpcId;
    if (active.get(key).isPresent()) {
      return RegistrationState.ACTIVE;
    }
    RegistrationState state = registry.state(cluster, vpcId);
    if (state == RegistrationState.ACTIVE) {
      active.put(key, state);
    }
    return state;
  }
}
