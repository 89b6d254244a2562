package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcNotRegisteredException;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanVpcHandlerTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET_A = "subnet-0000000000000000a";
  static final String SUBNET_B = "subnet-0000000000000000b";
  static final VpcMirroringConfig CONFIG = new VpcMirroringConfig("tmt-0000000000000000a", "tmf-0000000000000000a",
      4242, 1, null, null, null);

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final FakeRegistry registry = new FakeRegistry().register("blue", VPC, CONFIG);
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final PlanVpcHandler handler = new PlanVpcHandler(registry, ec2,
      new EmbeddedMetrics(new PrintStream(stdout, true, StandardCharsets.UTF_8), Clock.systemUTC()));

  String mirrored(String subnet) {
    String eni = ec2.addInstanceEni(subnet, "m5.large");
    ec2.addSession(eni, CONFIG.targetId(), CONFIG.filterId(), 1, 4242, null,
        Map.of(MirrorTags.CLUSTER, "blue", MirrorTags.VPC, VPC, MirrorTags.SUBNET, subnet));
    return eni;
  }

  @Test
  void handleRequest_whenEveryEniMirrored_reportsNoWorkFromThreeDescribes() {
    for (int i = 0; i < 30; i++) {
      mirrored(i % 2 == 0 ? SUBNET_A : SUBNET_B);
    }
    ec2.addEni(SUBNET_A, "natGateway", true, null, Map.of());

    JsonNode out = Steps.invoke(handler, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\"}");

    assertThat(out.get("hasWork").asBoolean()).isFalse();
    assertThat(out.get("subnets")).isEmpty();
    assertThat(out.at("/totals/kept").asInt()).isEqualTo(30);
    assertThat(out.at("/totals/skipped/notInterfaceType").asInt()).isEqualTo(1);
    assertThat(out.get("dryRun").asBoolean()).isFalse();
    assertThat(ec2.describeCalls)
        .as("one listing each of ENIs, instances, sessions and the account's targets").isEqualTo(4);
  }

  @Test
  void handleRequest_whenSomeSubnetsNeedWork_namesOnlyThemWithCounts() {
    mirrored(SUBNET_A);
    ec2.addInstanceEni(SUBNET_B, "m5.large");
    ec2.addInstanceEni(SUBNET_B, "m5.large");
    String detached = ec2.addEni(SUBNET_A, "interface", false, null, Map.of());
    ec2.addSession(detached, CONFIG.targetId(), CONFIG.filterId(), 1, 4242, null,
        Map.of(MirrorTags.CLUSTER, "blue", MirrorTags.VPC, VPC, MirrorTags.SUBNET, SUBNET_A));

    JsonNode out = Steps.invoke(handler, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"dryRun\":true}");

    assertThat(out.get("hasWork").asBoolean()).isTrue();
    assertThat(out.get("dryRun").asBoolean()).isTrue();
    assertThat(out.get("subnets").toString()).isEqualTo(
        "[{\"subnetId\":\"" + SUBNET_A + "\",\"creates\":0,\"deletes\":1},"
            + "{\"subnetId\":\"" + SUBNET_B + "\",\"creates\":2,\"deletes\":0}]");
    assertThat(out.at("/totals/create").asInt()).isEqualTo(2);
    assertThat(out.at("/totals/delete").asInt()).isEqualTo(1);
    assertThat(out.at("/config/targetId").asText()).isEqualTo(CONFIG.targetId());
    assertThat(ec2.mutatingCalls).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).as("a dry run emits no metrics").isEmpty();
  }

  @Test
  void handleRequest_whenSubnetIdsGiven_plansOnlyThem() {
    ec2.addInstanceEni(SUBNET_A, "m5.large");
    ec2.addInstanceEni(SUBNET_B, "m5.large");

    JsonNode out = Steps.invoke(handler,
        "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetIds\":[\"" + SUBNET_B + "\"]}");

    assertThat(out.get("subnets")).extracting(n -> n.get("subnetId").asText()).containsExactly(SUBNET_B);
  }

  @Test
  void handleRequest_whenSkippingEnis_emitsEnisSkippedMetric() {
    ec2.addEni(SUBNET_A, "lambda", true, null, Map.of());
    ec2.addInstanceEni(SUBNET_A, "t2.micro");

    Steps.invoke(handler, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\"}");

    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"EnisSkipped\":2").contains("\"Namespace\":\"Mirrorflow\"");
  }

  @Test
  void handleRequest_whenVpcNotRegistered_throwsVpcNotRegistered() {
    assertThatThrownBy(() -> Steps.invoke(handler, "{\"cluster\":\"blue\",\"vpcId\":\"vpc-00000000000000002\"}"))
        .isInstanceOf(VpcNotRegisteredException.class)
        .hasMessageContaining("vpc-00000000000000002").hasMessageContaining("add-vpc");
    assertThat(ec2.describeCalls).isZero();
  }

  @Test
  void handleRequest_whenIdsMalformedOrMissing_throwsInvalidInputAndReadsNothing() {
    assertThatThrownBy(() -> Steps.invoke(handler, "{\"cluster\":\"blue\",\"vpcId\":\"vpc-XYZ\"}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("vpcId");
    assertThatThrownBy(() -> Steps.invoke(handler, "{\"vpcId\":\"" + VPC + "\"}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("cluster");
    assertThatThrownBy(() -> Steps.invoke(handler,
        "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetIds\":[\"sub-1\"]}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("subnetId");
    assertThatThrownBy(() -> Steps.invoke(handler, "not json")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Steps.invoke(handler, "")).isInstanceOf(InvalidInputException.class);
    assertThat(ec2.describeCalls).isZero();
  }
}
