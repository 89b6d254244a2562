package dev.mirrorflow.local.ec2;

import static dev.mirrorflow.local.ec2.Ec2InstancesTest.filter;
import static dev.mirrorflow.local.ec2.SdkErrors.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Ec2InterfaceTypesTest {

  @Test
  void seededEnis_whenEveryInterfaceType_describeAsAwsAndOnlyInstanceInterfacesMirror() throws Exception {
    try (LocalEc2 local = LocalEc2.start()) {
      Map<String, String> ids = local.service.seed(Scenario.parse(ScenarioTest.resource("/ec2/every-interface-type.json")));
      var ec2 = local.ec2;

      var managed = ec2.describeNetworkInterfaces(b -> b.filters(filter("vpc-id", "vpc-0e0e0e0e0e0e0e0e0"),
          filter("requester-managed", "true"))).networkInterfaces();
      assertThat(managed).hasSize(11).allSatisfy(e -> assertThat(e.requesterManaged()).isTrue());
      assertThat(managed).extracting(e -> e.interfaceTypeAsString()).contains("lambda", "nat_gateway",
          "vpc_endpoint", "network_load_balancer", "gateway_load_balancer", "gateway_load_balancer_endpoint",
          "transit_gateway", "api_gateway_managed", "efs", "branch", "interface");
      assertThat(ec2.describeNetworkInterfaces(b -> b.filters(filter("attachment.instance-id", ids.get("app"))))
          .networkInterfaces()).extracting(e -> e.interfaceTypeAsString())
          .containsExactlyInAnyOrder("interface", "efa", "trunk");

      for (String ref : new String[] {"lambda", "nat_gateway", "efa", "trunk", "gateway_load_balancer_endpoint"}) {
        assertThat(codeOf(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(ids.get(ref))
            .trafficMirrorTargetId(ids.get("t")).trafficMirrorFilterId(ids.get("f")).sessionNumber(1))))
            .as(ref).isEqualTo("NetworkInterfaceNotSupported");
      }
      String oldEni = Worlds.primaryEni(local.world, ids.get("old"));
      assertThat(codeOf(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(oldEni)
          .trafficMirrorTargetId(ids.get("t")).trafficMirrorFilterId(ids.get("f")).sessionNumber(1))))
          .isEqualTo("NetworkInterfaceNotSupported");
      // Of the requester-managed ENIs, only those of Amazon RDS and Amazon ElastiCache can be sources.
      String ecsTask = ids.get("ecs-task");
      assertThat(codeOf(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(ecsTask)
          .trafficMirrorTargetId(ids.get("t")).trafficMirrorFilterId(ids.get("f")).sessionNumber(1))))
          .isEqualTo("NetworkInterfaceNotSupported");
      var rds = local.world.createNetworkInterface(new Ec2World.NewNetworkInterface(null,
          local.world.networkInterface(ecsTask).orElseThrow().subnetId(), "interface", true, "RDSNetworkInterface",
          null, java.util.Map.of(), Ec2World.REQUESTER_RDS));
      assertThat(ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(rds.id())
          .trafficMirrorTargetId(ids.get("t")).trafficMirrorFilterId(ids.get("f")).sessionNumber(1))
          .trafficMirrorSession().networkInterfaceId()).isEqualTo(rds.id());
    }
  }
}
