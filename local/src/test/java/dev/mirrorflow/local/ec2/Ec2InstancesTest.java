package dev.mirrorflow.local.ec2;

import static dev.mirrorflow.local.ec2.SdkErrors.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

class Ec2InstancesTest {
  private LocalEc2 local;
  private Ec2Client ec2;

  @BeforeEach
  void start() {
    local = LocalEc2.start();
    ec2 = local.ec2;
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void createVpcAndSubnet_whenTagged_areDescribedWithFilters() {
    String vpcId = ec2.createVpc(b -> b.cidrBlock("10.9.0.0/16").tagSpecifications(tags("vpc", "Name", "nine")))
        .vpc().vpcId();
    String subnetId = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock("10.9.1.0/24").availabilityZone("us-east-1b")
        .tagSpecifications(tags("subnet", "tier", "web"))).subnet().subnetId();
    ec2.createVpc(b -> b.cidrBlock("10.8.0.0/16"));

    assertThat(ec2.describeVpcs(b -> b.filters(filter("tag:Name", "nine"))).vpcs())
        .singleElement().satisfies(v -> {
          assertThat(v.vpcId()).isEqualTo(vpcId);
          assertThat(v.cidrBlock()).isEqualTo("10.9.0.0/16");
          assertThat(v.tags()).containsExactly(Tag.builder().key("Name").value("nine").build());
        });
    assertThat(ec2.describeVpcs(b -> b.vpcIds(vpcId)).vpcs()).hasSize(1);
    assertThat(ec2.describeVpcs().vpcs()).hasSize(2);
    assertThat(ec2.describeSubnets(b -> b.filters(filter("vpc-id", vpcId))).subnets())
        .singleElement().satisfies(s -> {
          assertThat(s.subnetId()).isEqualTo(subnetId);
          assertThat(s.availabilityZone()).isEqualTo("us-east-1b");
          assertThat(s.tags()).extracting(Tag::key).containsExactly("tier");
        });
    assertThat(ec2.describeSubnets(b -> b.filters(filter("tag:tier", "w*"))).subnets()).hasSize(1);
    assertThat(ec2.describeSubnets(b -> b.filters(filter("tag:tier", "db"))).subnets()).isEmpty();
  }

  @Test
  void createSubnet_whenVpcUnknown_failsNotFound() {
    assertThat(codeOf(() -> ec2.createSubnet(b -> b.vpcId("vpc-0123456789abcdef0").cidrBlock("10.0.0.0/24"))))
        .isEqualTo("InvalidVpcID.NotFound");
    assertThat(codeOf(() -> ec2.describeVpcs(b -> b.vpcIds("vpc-0123456789abcdef0"))))
        .isEqualTo("InvalidVpcID.NotFound");
  }

  @Test
  void runInstances_whenLaunched_haveTypePrimaryEniAndRunningState() {
    Worlds w = Worlds.vpcWithTwoSubnets(local.world);
    RunInstancesResponse run = ec2.runInstances(b -> b.subnetId(w.subnetA).instanceType("c5.large").imageId("ami-1")
        .minCount(2).maxCount(2).tagSpecifications(tags("instance", "app", "web"), tags("network-interface", "eni", "yes")));

    assertThat(run.instances()).hasSize(2).allSatisfy(i -> {
      assertThat(i.instanceTypeAsString()).isEqualTo("c5.large");
      assertThat(i.state().name()).isEqualTo(InstanceStateName.PENDING);
      assertThat(i.vpcId()).isEqualTo(w.vpcId);
      assertThat(i.networkInterfaces()).singleElement().satisfies(n -> {
        assertThat(n.attachment().deviceIndex()).isZero();
        assertThat(n.interfaceType()).isEqualTo("interface");
      });
    });
    List<String> ids = run.instances().stream().map(i -> i.instanceId()).toList();
    var described = ec2.describeInstances(b -> b.filters(filter("tag:app", "web"), filter("instance-state-name", "running")))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    assertThat(described).extracting(i -> i.instanceId()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(described).allSatisfy(i -> assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING));
    assertThat(ec2.describeNetworkInterfaces(b -> b.filters(filter("tag:eni", "yes"))).networkInterfaces()).hasSize(2);
    assertThat(ec2.describeInstances(b -> b.filters(filter("instance-type", "m5.*"))).reservations()).isEmpty();
  }

  @Test
  void terminateInstances_whenInstanceHasEnisAndSessions_deletesPrimaryEniAndItsSessionsAndDetachesOthers() {
    Worlds w = Worlds.vpcWithTwoSubnets(local.world);
    String instanceId = ec2.runInstances(b -> b.subnetId(w.subnetA).instanceType("m5.large").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    String primary = Worlds.primaryEni(local.world, instanceId);
    String secondary = ec2.createNetworkInterface(b -> b.subnetId(w.subnetA)).networkInterface().networkInterfaceId();
    ec2.attachNetworkInterface(b -> b.networkInterfaceId(secondary).instanceId(instanceId).deviceIndex(1));
    MirrorTarget target = local.world.createTarget(null, null, null, "vpce-0123456789abcdef0", null, null);
    MirrorFilter filter = local.world.createFilter(null, null, null);
    local.world.createSession(new Ec2World.NewSession(null, primary, target.id(), filter.id(), 1, null, null, null, null));

    var change = ec2.terminateInstances(b -> b.instanceIds(instanceId)).terminatingInstances();

    assertThat(change).singleElement().satisfies(c -> {
      assertThat(c.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
      assertThat(c.currentState().name()).isEqualTo(InstanceStateName.TERMINATED);
      assertThat(c.currentState().code()).isEqualTo(48);
    });
    assertThat(local.world.networkInterface(primary)).isEmpty();
    assertThat(local.world.networkInterface(secondary)).get().satisfies(e -> assertThat(e.attachment()).isNull());
    assertThat(local.world.sessions()).isEmpty();
    assertThat(ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .state().name()).isEqualTo(InstanceStateName.TERMINATED);
  }

  @Test
  void stopAndStartInstances_whenRunning_changeStateAndRejectTerminated() {
    Worlds w = Worlds.vpcWithTwoSubnets(local.world);
    String id = ec2.runInstances(b -> b.subnetId(w.subnetB).instanceType("m5.large").minCount(1).maxCount(1))
        .instances().get(0).instanceId();

    assertThat(ec2.stopInstances(b -> b.instanceIds(id)).stoppingInstances().get(0).currentState().name())
        .isEqualTo(InstanceStateName.STOPPED);
    assertThat(ec2.describeInstances(b -> b.filters(filter("instance-state-name", "stopped"))).reservations()).hasSize(1);
    assertThat(ec2.startInstances(b -> b.instanceIds(id)).startingInstances().get(0).currentState().name())
        .isEqualTo(InstanceStateName.RUNNING);
    ec2.terminateInstances(b -> b.instanceIds(id));
    assertThat(codeOf(() -> ec2.startInstances(b -> b.instanceIds(id)))).isEqualTo("IncorrectInstanceState");
    assertThat(codeOf(() -> ec2.stopInstances(b -> b.instanceIds(id)))).isEqualTo("IncorrectInstanceState");
  }

  @Test
  void instanceActions_whenIdUnknownOrMalformed_failAsEc2Does() {
    Worlds.vpcWithTwoSubnets(local.world);
    assertThat(codeOf(() -> ec2.terminateInstances(b -> b.instanceIds("i-0123456789abcdef0"))))
        .isEqualTo("InvalidInstanceID.NotFound");
    assertThat(codeOf(() -> ec2.describeInstances(b -> b.instanceIds("web-1")))).isEqualTo("InvalidInstanceID.Malformed");
    assertThat(codeOf(() -> ec2.runInstances(b -> b.subnetId("subnet-0123456789abcdef0").minCount(1).maxCount(1))))
        .isEqualTo("InvalidSubnetID.NotFound");
  }

  static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  static TagSpecification tags(String resourceType, String key, String value) {
    return TagSpecification.builder().resourceType(ResourceType.fromValue(resourceType))
        .tags(Tag.builder().key(key).value(value).build()).build();
  }
}
