package dev.mirrorflow.activities.route;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an instance or subnet sits, with one describe call each. State-change events name an
 * instance or a subnet but never a VPC.
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
