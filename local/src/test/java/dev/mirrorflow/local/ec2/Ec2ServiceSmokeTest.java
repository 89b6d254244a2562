package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;

class Ec2ServiceSmokeTest {
  @Test
  void everything_whenCalledThroughSdk_unmarshals() {
    try (LocalEc2 l = LocalEc2.start()) {
      var ec2 = l.ec2;
      var vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16").tagSpecifications(t -> t.resourceType("vpc").tags(Tag.builder().key("Name").value("x").build()))).vpc();
      System.out.println(vpc);
      System.out.println(ec2.describeVpcs());
      var subnet = ec2.createSubnet(b -> b.vpcId(vpc.vpcId()).cidrBlock("10.0.1.0/24")).subnet();
      System.out.println(ec2.describeSubnets());
      RunInstancesResponse run = ec2.runInstances(b -> b.subnetId(subnet.subnetId()).instanceType("m5.large").minCount(1).maxCount(1));
      System.out.println(run);
      System.out.println(ec2.describeInstances());
      System.out.println(ec2.describeNetworkInterfaces());
      var eni = ec2.createNetworkInterface(b -> b.subnetId(subnet.subnetId())).networkInterface();
      var target = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(eni.networkInterfaceId())).trafficMirrorTarget();
      var filter = ec2.createTrafficMirrorFilter(b -> b.description("f")).trafficMirrorFilter();
      System.out.println(ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter.trafficMirrorFilterId()).trafficDirection("ingress").ruleNumber(1).ruleAction("accept").sourceCidrBlock("0.0.0.0/0").destinationCidrBlock("0.0.0.0/0").destinationPortRange(r -> r.fromPort(1).toPort(2))));
      var s = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(run.instances().get(0).networkInterfaces().get(0).networkInterfaceId()).trafficMirrorTargetId(target.trafficMirrorTargetId()).trafficMirrorFilterId(filter.trafficMirrorFilterId()).sessionNumber(1));
      System.out.println(s);
      System.out.println(ec2.describeTrafficMirrorSessions(b -> {}));
      System.out.println(ec2.describeTrafficMirrorFilters(b -> {}));
      System.out.println(ec2.describeTrafficMirrorTargets(b -> {}));
      System.out.println(ec2.describeTags());
      System.out.println(ec2.terminateInstances(b -> b.instanceIds(run.instances().get(0).instanceId())));
      assertThat(ec2.describeTrafficMirrorSessions(b -> {}).trafficMirrorSessions()).isEmpty();
    }
  }
}
