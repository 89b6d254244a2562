package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.ec2.Ec2Locator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers where an instance is for a few seconds: its pending and running events, routed moments
 * apart, then cost one DescribeInstances. A just-launched instance not remembered is looked for in
 * one listing of every instance launched within the last minute or two, all of which are remembered:
 * the other events of a burst then find their instances here, and a warm router describes a burst
 * in a call or two instead of one call per instance. Only found instances are remembered (one not
 * described yet is asked about again), and an instance's VPC and subnets do not change while it lives.
 *
 * <p>Where an instance was is also remembered for an hour, for its leaving events (stopping,
 * shutting-down, then stopped or terminated): under steady churn, a describe for every termination
 * would spend the router's describe budget on instances it listed when they launched, and a
 * terminated instance, no longer in a VPC, is not found by a describe at all. What this memory does
 * not know: an ENI attached later, from another subnet, by an event another router instance routed.
 * Its session, if the instance leaves, waits for the VPC's next scan.
 */
public final class CachingEc2Locator implements Ec2Locator {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  /** How long where an instance was is remembered for its leaving events. */
  public static final Duration REMEMBERED = Duration.ofHours(1);

  private final Ec2Locator ec2;
  private final WarmCache<String, Placement> placements;
  private final WarmCache<String, Placement> remembered;

  public CachingEc2Locator(Ec2Locator ec2, Clock clock, Duration ttl) {
    this.ec2 = ec2;
    this.placements = new WarmCache<>(clock, ttl);
    this.remembered = new WarmCache<>(clock, REMEMBERED);
  }

  @Override
  public Optional<Placement> instance(String instanceId) {
    Optional<Placement> known = placements.get(instanceId);
    if (known.isPresent()) {
      return known;
    }
    Optional<Placement> found = ec2.instance(instanceId);
    found.ifPresent(p -> remember(instanceId, p));
    return found;
  }

  @Override
  public Map<String, Placement> launchedAround(Instant when) {
    Map<String, Placement> listed = ec2.launchedAround(when);
    listed.forEach(this::remember);
    return listed;
  }

  @Override
  public Optional<Placement> leavingInstance(String instanceId) {
    Optional<Placement> known = remembered.get(instanceId);
    return known.isPresent() ? known : instance(instanceId);
  }

  private void remember(String instanceId, Placement placement) {
    placements.put(instanceId, placement);
    remembered.put(instanceId, placement);
  }

  @Override
  public Optional<Placement> launchedInstance(String instanceId, Instant when) {
    Optional<Placement> known = placements.get(instanceId);
    if (known.isPresent()) {
      return known;
    }
    Placement listed = launchedAround(when).get(instanceId);
    return listed != null ? Optional.of(listed) : instance(instanceId);
  }

  @Override
  public Map<String, String> vpcsOfSubnets(Collection<String> subnetIds) {
    return ec2.vpcsOfSubnets(subnetIds);
  }
}
