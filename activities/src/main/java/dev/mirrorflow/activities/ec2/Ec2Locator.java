package dev.mirrorflow.activities.ec2;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an instance or subnet sits, with one describe call each. State-change events name an
 * instance or a subnet but never a VPC. {@link SdkEc2Mirroring} is the EC2 implementation.
 */
public interface Ec2Locator {

  /**
   * Where an instance is: its VPC and the subnets of all its ENIs (one DescribeInstances). Empty when
   * EC2 does not know it, or it is no longer in a VPC (terminated instances lose their network).
   *
   * @throws dev.mirrorflow.activities.ec2.TransientEc2Exception when EC2 cannot answer right now
   */
  Optional<Placement> instance(String instanceId);

  /**
   * Where every instance launched (or started) in the minute of {@code when} or the minute before is,
   * by id, in one listing (DescribeInstances by {@code launch-time}): a burst's router describes all
   * of the burst's instances at once instead of one call each.
   *
   * @throws dev.mirrorflow.activities.ec2.TransientEc2Exception when EC2 cannot answer right now
   */
  Map<String, Placement> launchedAround(Instant when);

  /**
   * Where an instance that has just launched or started (a pending or running event at {@code when})
   * is: found among those {@link #launchedAround} lists, else asked for alone.
   *
   * @throws dev.mirrorflow.activities.ec2.TransientEc2Exception when EC2 cannot answer right now
   */
  default Optional<Placement> launchedInstance(String instanceId, Instant when) {
    Placement listed = launchedAround(when).get(instanceId);
    return listed != null ? Optional.of(listed) : instance(instanceId);
  }

  /**
   * Where an instance that is stopping, stopped, shutting down or terminated is, or was: by default
   * asked for (one DescribeInstances, which finds no network on a terminated instance). A router that
   * remembers where instances it has seen are answers from memory ({@code CachingEc2Locator}).
   *
   * @throws dev.mirrorflow.activities.ec2.TransientEc2Exception when EC2 cannot answer right now
   */
  default Optional<Placement> leavingInstance(String instanceId) {
    return instance(instanceId);
  }

  /**
   * The VPC of each of {@code subnetIds} that exists (one DescribeSubnets).
   *
   * @throws dev.mirrorflow.activities.ec2.TransientEc2Exception when EC2 cannot answer right now
   */
  Map<String, String> vpcsOfSubnets(Collection<String> subnetIds);

  /**
   * Where something is.
   *
   * @param vpcId its VPC
   * @param subnetIds the subnets it has ENIs in
   */
  record Placement(String vpcId, Set<String> subnetIds) {
    public Placement {
      subnetIds = Set.copyOf(subnetIds);
    }
  }
}
