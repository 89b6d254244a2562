package dev.mirrorflow.local.ec2;

import static dev.mirrorflow.local.ec2.Ec2InstancesTest.filter;
import static dev.mirrorflow.local.ec2.Ec2InstancesTest.tags;
import static dev.mirrorflow.local.ec2.SdkErrors.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceStatus;

class Ec2NetworkInterfacesTest {
  private LocalEc2 local;
  private Ec2Client ec2;
  private Worlds w;

  @BeforeEach
  void start() {
    local = LocalEc2.start();
    ec2 = local.ec2;
    w = Worlds.vpcWithTwoSubnets(local.world);
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void createAttachDetachDelete_whenDoneInOrder_movesThroughStatuses() {
    String instanceId = local.world.runInstances(w.subnetA, "m5.large", 1, Map.of(), Map.of()).get(0).id();
    var created = ec2.createNetworkInterface(b -> b.subnetId(w.subnetA).description("extra")
        .tagSpecifications(tags("network-interface", "role", "extra"))).networkInterface();
    assertThat(created.statusAsString()).isEqualTo("available");
    assertThat(created.interfaceTypeAsString()).isEqualTo("interface");
    assertThat(created.vpcId()).isEqualTo(w.vpcId);
    assertThat(created.tagSet()).extracting(t -> t.key()).containsExactly("role");
    String eniId = created.networkInterfaceId();

    String attachmentId = ec2.attachNetworkInterface(b -> b.networkInterfaceId(eniId).instanceId(instanceId).deviceIndex(1))
        .attachmentId();
    var attached = ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(eniId)).networkInterfaces().get(0);
    assertThat(attached.status()).isEqualTo(NetworkInterfaceStatus.IN_USE);
    assertThat(attached.attachment().instanceId()).isEqualTo(instanceId);
    assertThat(attached.attachment().attachmentId()).isEqualTo(attachmentId);
    assertThat(codeOf(() -> ec2.deleteNetworkInterface(b -> b.networkInterfaceId(eniId))))
        .isEqualTo("InvalidNetworkInterface.InUse");

    ec2.detachNetworkInterface(b -> b.attachmentId(attachmentId));
    assertThat(ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(eniId)).networkInterfaces().get(0).status())
        .isEqualTo(NetworkInterfaceStatus.AVAILABLE);
    ec2.deleteNetworkInterface(b -> b.networkInterfaceId(eniId));
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(eniId))))
        .isEqualTo("InvalidNetworkInterfaceID.NotFound");
    assertThat(codeOf(() -> ec2.detachNetworkInterface(b -> b.attachmentId(attachmentId))))
        .isEqualTo("InvalidAttachmentID.NotFound");
  }

  @Test
  void createNetworkInterface_whenTypeIsAwsManaged_isRejectedButEfaIsAllowed() {
    assertThat(codeOf(() -> ec2.createNetworkInterface(b -> b.subnetId(w.subnetA).interfaceType("lambda"))))
        .isEqualTo("InvalidParameterValue");
    assertThat(ec2.createNetworkInterface(b -> b.subnetId(w.subnetA).interfaceType("efa")).networkInterface()
        .interfaceTypeAsString()).isEqualTo("efa");
  }

  @Test
  void describeNetworkInterfaces_whenFiltered_matchesEachFilter() {
    String instanceId = local.world.runInstances(w.subnetA, "m5.large", 1, Map.of(), Map.of()).get(0).id();
    String primary = Worlds.primaryEni(local.world, instanceId);
    var lambda = local.world.createNetworkInterface(new Ec2World.NewNetworkInterface(
        null, w.subnetA, "lambda", true, "AWS Lambda VPC ENI", null, Map.of("team", "pay")));
    var nat = local.world.createNetworkInterface(Ec2World.NewNetworkInterface.of(w.subnetB, "nat_gateway", true));
    var loose = local.world.createNetworkInterface(new Ec2World.NewNetworkInterface(
        null, w.subnetB, "interface", false, null, null, Map.of("team", "ops")));
    Worlds.vpcWithTwoSubnets(local.world);
    String otherVpcEni = Worlds.instanceEni(local.world, local.world.subnets().stream()
        .filter(s -> !s.vpcId().equals(w.vpcId)).findFirst().orElseThrow().id(), "m5.large");

    assertThat(ids(filter("vpc-id", w.vpcId))).containsExactlyInAnyOrder(primary, lambda.id(), nat.id(), loose.id());
    assertThat(ids(filter("subnet-id", w.subnetB))).containsExactlyInAnyOrder(nat.id(), loose.id());
    assertThat(ids(filter("interface-type", "lambda", "nat_gateway"))).containsExactlyInAnyOrder(lambda.id(), nat.id());
    assertThat(ids(filter("attachment.instance-id", instanceId))).containsExactly(primary);
    assertThat(ids(filter("attachment.status", "attached"), filter("vpc-id", w.vpcId))).containsExactly(primary);
    assertThat(ids(filter("status", "available"))).containsExactlyInAnyOrder(lambda.id(), nat.id(), loose.id());
    assertThat(ids(filter("requester-managed", "true"))).containsExactlyInAnyOrder(lambda.id(), nat.id());
    assertThat(ids(filter("requester-managed", "false"), filter("vpc-id", w.vpcId))).containsExactlyInAnyOrder(primary, loose.id());
    assertThat(ids(filter("tag:team", "pay"))).containsExactly(lambda.id());
    assertThat(ids(filter("tag:team", "*"))).containsExactlyInAnyOrder(lambda.id(), loose.id());
    assertThat(ids(filter("tag-key", "team"))).containsExactlyInAnyOrder(lambda.id(), loose.id());
    assertThat(ids(filter("vpc-id", w.vpcId), filter("interface-type", "interface"), filter("status", "in-use")))
        .containsExactly(primary);
    assertThat(ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(primary, otherVpcEni)).networkInterfaces())
        .hasSize(2);
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces(b -> b.filters(filter("colour", "blue")))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void describeNetworkInterfaces_whenPaged_returnsEveryEniOnceAcrossPages() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      all.add(local.world.createNetworkInterface(Ec2World.NewNetworkInterface.of(i % 2 == 0 ? w.subnetA : w.subnetB,
          "interface", false)).id());
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      DescribeNetworkInterfacesResponse page = ec2.describeNetworkInterfaces(b -> b.maxResults(5).nextToken(next));
      assertThat(page.networkInterfaces()).hasSizeLessThanOrEqualTo(5);
      page.networkInterfaces().forEach(e -> seen.add(e.networkInterfaceId()));
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(5);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all).doesNotHaveDuplicates();
    List<String> viaPaginator = ec2.describeNetworkInterfacesPaginator(b -> b.maxResults(6)
        .filters(filter("subnet-id", w.subnetA))).networkInterfaces().stream().map(e -> e.networkInterfaceId()).toList();
    assertThat(viaPaginator).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void describeNetworkInterfaces_whenPagingArgumentsInvalid_failsAsEc2Does() {
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces(b -> b.maxResults(4)))).isEqualTo("InvalidParameterValue");
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces(b -> b.maxResults(1001)))).isEqualTo("InvalidParameterValue");
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces(b -> b.maxResults(5).nextToken("not-a-token"))))
        .isEqualTo("InvalidPaginationToken");
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds("eni-0123456789abcdef0"))))
        .isEqualTo("InvalidNetworkInterfaceID.NotFound");
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds("web-eni"))))
        .isEqualTo("InvalidNetworkInterfaceID.Malformed");
  }

  @Test
  void attachNetworkInterface_whenDeviceIndexTakenOrOtherZone_fails() {
    String instanceId = local.world.runInstances(w.subnetA, "m5.large", 1, Map.of(), Map.of()).get(0).id();
    String sameZone = ec2.createNetworkInterface(b -> b.subnetId(w.subnetA)).networkInterface().networkInterfaceId();
    String otherZone = ec2.createNetworkInterface(b -> b.subnetId(w.subnetB)).networkInterface().networkInterfaceId();

    assertThat(codeOf(() -> ec2.attachNetworkInterface(b -> b.networkInterfaceId(sameZone).instanceId(instanceId).deviceIndex(0))))
        .isEqualTo("InvalidParameterValue");
    assertThat(codeOf(() -> ec2.attachNetworkInterface(b -> b.networkInterfaceId(otherZone).instanceId(instanceId).deviceIndex(1))))
        .isEqualTo("InvalidParameterValue");
    assertThat(codeOf(() -> ec2.attachNetworkInterface(b -> b.networkInterfaceId(sameZone).instanceId("i-0123456789abcdef0").deviceIndex(1))))
        .isEqualTo("InvalidInstanceID.NotFound");
  }

  private List<String> ids(Filter... filters) {
    return ec2.describeNetworkInterfaces(b -> b.filters(filters)).networkInterfaces().stream()
        .map(e -> e.networkInterfaceId()).toList();
  }
}
