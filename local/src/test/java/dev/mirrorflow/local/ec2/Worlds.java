package dev.mirrorflow.local.ec2;

import java.util.Map;

/** Small worlds for tests, built through the Java API. */
final class Worlds {
  final String vpcId;
  final String subnetA;
  final String subnetB;

  private Worlds(String vpcId, String subnetA, String subnetB) {
    this.vpcId = vpcId;
    this.subnetA = subnetA;
    this.subnetB = subnetB;
  }

  /** One VPC with subnets in us-east-1a and us-east-1b. */
  static Worlds vpcWithTwoSubnets(Ec2World world) {
    Vpc vpc = world.createVpc(null, "10.0.0.0/16", Map.of("Name", "test"));
    Subnet a = world.createSubnet(null, vpc.id(), "10.0.1.0/24", "us-east-1a", Map.of("tier", "app"));
    Subnet b = world.createSubnet(null, vpc.id(), "10.0.2.0/24", "us-east-1b", Map.of("tier", "data"));
    return new Worlds(vpc.id(), a.id(), b.id());
  }

  /** Launches one instance and returns its primary ENI's id. */
  static String instanceEni(Ec2World world, String subnetId, String instanceType) {
    Instance instance = world.runInstances(subnetId, instanceType, 1, Map.of(), Map.of()).get(0);
    return primaryEni(world, instance.id());
  }

  static String primaryEni(Ec2World world, String instanceId) {
    return world.networkInterfaces().stream()
        .filter(e -> e.attachment() != null && e.attachment().instanceId().equals(instanceId)
            && e.attachment().deviceIndex() == 0)
        .findFirst().orElseThrow().id();
  }
}
