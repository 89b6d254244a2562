package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcNotRegisteredException;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * remove-vpc's protocol as the steps see it: the gate (a VPC stops being active once its schedule
 * rule is disabled) in PlanVpc and CreateSessions, and purge mode in PlanVpc and PlanSubnet.
 */
class LifecycleGateTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-0000000000000000a";
  static final VpcMirroringConfig CONFIG = VpcMirroringConfig.of("tmt-0000000000000000a", "tmf-0000000000000000a");

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final FakeRegistry registry = new FakeRegistry().register("blue", VPC, CONFIG);
  final EmbeddedMetrics metrics = new EmbeddedMetrics(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
  final PlanVpcHandler planVpc = new PlanVpcHandler(registry, ec2, metrics);
  final PlanSubnetHandler planSubnet = new PlanSubnetHandler(ec2, Clock.systemUTC());
  final CreateSessionsHandler create =
      new CreateSessionsHandler(registry, ec2, metrics);

  String owned(String eni) {
    return ec2.addSession(eni, CONFIG.targetId(), CONFIG.filterId(), 1, 5, null,
        Map.of(MirrorTags.CLUSTER, "blue", MirrorTags.VPC, VPC, MirrorTags.SUBNET, SUBNET));
  }

  String foreign(String eni) {
    return ec2.addSession(eni, "tmt-0000000000000000f", CONFIG.filterId(), 2, 6, null, Map.of("owner", "someone"));
  }

  @Test
  void planVpc_whenTheVpcIsBeingRemoved_failsWithVpcNotRegistered() {
    registry.deactivate("blue", VPC);

    assertThatThrownBy(() -> Steps.invoke(planVpc, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\"}"))
        .isExactlyInstanceOf(VpcNotRegisteredException.class).hasMessageContaining("is being removed");
  }

  @Test
  void createSessions_whenTheGateClosedAfterPlanning_createsNothingAndReportsTheBatch() {
    // m4: a family the documentation names as supported, so both are planned at once (no probe)
    String eniA = ec2.addInstanceEni(SUBNET, "m4.large");
    String eniB = ec2.addInstanceEni(SUBNET, "m4.large");
    JsonNode subnet = Steps.invoke(planSubnet, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET
        + "\",\"config\":" + StepJson.MAPPER.valueToTree(CONFIG) + "}");
    registry.deactivate("blue", VPC);

    JsonNode out = Steps.invoke(create, subnet.path("createBatches").get(0));

    assertThat(out.path("created").asInt()).isZero();
    assertThat(out.path("vpcInactive").asInt()).isEqualTo(2);
    assertThat(ec2.sessionsOf(eniA)).isEmpty();
    assertThat(ec2.sessionsOf(eniB)).isEmpty();
    assertThat(ec2.mutatingCalls).isZero();
  }

  @Test
  void createSessions_whenEverythingIsAlreadyThere_doesNotAskTheRegistry() {
    String eni = ec2.addInstanceEni(SUBNET, "m5.large");
    JsonNode subnet = Steps.invoke(planSubnet, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET
        + "\",\"config\":" + StepJson.MAPPER.valueToTree(CONFIG) + "}");
    JsonNode batch = subnet.path("createBatches").get(0);
    Steps.invoke(create, batch);
    int checks = registry.activeChecks;

    JsonNode again = Steps.invoke(create, batch);

    assertThat(again.path("created").asInt()).isEqualTo(1);
    assertThat(registry.activeChecks).isEqualTo(checks);
    assertThat(ec2.sessionsOf(eni)).hasSize(1);
  }

  @Test
  void purge_whenTheVpcIsNoLongerRegistered_plansToDeleteEveryOwnedSessionAndNoForeignOne() {
    String eniA = ec2.addInstanceEni(SUBNET, "m5.large");
    String eniB = ec2.addInstanceEni("subnet-0000000000000000b", "t2.micro");
    String ownedA = owned(eniA);
    String ownedB = owned(eniB);
    foreign(eniA);
    FakeRegistry empty = new FakeRegistry();
    PlanVpcHandler unregistered = new PlanVpcHandler(empty, ec2, metrics);

    JsonNode plan = Steps.invoke(unregistered, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"purge\":true}");

    assertThat(plan.path("purge").asBoolean()).isTrue();
    assertThat(plan.has("config")).as("config is always written, null in purge mode").isTrue();
    assertThat(plan.path("totals").path("delete").asInt()).isEqualTo(2);
    assertThat(plan.path("totals").path("create").asInt()).isZero();
    assertThat(plan.path("subnets").findValuesAsText("subnetId"))
        .containsExactlyInAnyOrder(SUBNET, "subnet-0000000000000000b");

    JsonNode subnet = Steps.invoke(planSubnet, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET
        + "\",\"config\":null,\"purge\":true}");

    assertThat(subnet.path("createBatches")).isEmpty();
    assertThat(subnet.path("deleteBatches").get(0).path("items").findValuesAsText("sessionId")).containsExactly(ownedA);
    assertThat(subnet.path("purge").asBoolean()).isTrue();
    assertThat(ownedB).isNotEqualTo(ownedA);
  }
}
