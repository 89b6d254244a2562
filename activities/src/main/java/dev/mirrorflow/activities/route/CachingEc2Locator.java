package dev.mirrorflow.activities.route;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers where an instance is for a few seconds: its pending and running events, routed moments
 * apart, then cost one DescribeInstances. Only found instances are remembered (one not described yet
 * is asked about again), and an instance's VPC and subnets do not change while it lives.
 */
public final class CachingEc2Locator implements Ec2Locator {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  private final Ec2Locator ec2;
  private final WarmCache<String, Placement> placements;

  public CachingEc2Locator(Ec2Locator ec2, Clock clock, Duration ttl) {
    this.ec2 = ec2;
    this.placements = new WarmCache<>(clock, ttl);
  }

  @Override
  public Optional<Placement> instance(String instanceId) {
    Optional<Placement> known = placements.get(instanceId);
    if (known.isPresent()) {
      return known;
    }
    Optional<Placement> found = ec2.instance(instanceId);
    found.ifPresent(p -> placements.put(instanceId, p));
    return found;
  }

  @Override
  public Map<String, String> vpcsOfSubnets(Collection<String> subnetIds) {
    return ec2.vpcsOfSubnets(subnetIds);
  }
}
