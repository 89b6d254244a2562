package dev.mirrorflow.activities.route;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers that a VPC is active for a few seconds, so a burst of events about it costs one lookup
 * per warm function. Only "active" is remembered: a VPC registered a moment ago is never ignored
 * because of a stale "not registered". A VPC removed within the last few seconds may still get one
 * reconcile, which finds no registration and does nothing.
 */
public final class CachingRegistrationLookup implements RegistrationLookup {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  private final RegistrationLookup lookup;
  private final WarmCache<String, RegistrationState> active;

  public CachingRegistrationLookup(RegistrationLookup lookup, Clock clock, Duration ttl) {
    this.lookup = lookup;
    this.active = new WarmCache<>(clock, ttl);
  }

  @Override
  public RegistrationState state(String cluster, String vpcId) {
    String key = cluster + "\u0000" + vpcId;
    if (active.get(key).isPresent()) {
      return RegistrationState.ACTIVE;
    }
    RegistrationState state = lookup.state(cluster, vpcId);
    if (state == RegistrationState.ACTIVE) {
      active.put(key, state);
    }
    return state;
  }
}
