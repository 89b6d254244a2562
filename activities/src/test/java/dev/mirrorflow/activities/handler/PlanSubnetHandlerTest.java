package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.plan.SubnetPlanner;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanSubnetHandlerTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-0000000000000000a";
  static final VpcMirroringConfig CONFIG = new VpcMirroringConfig("tmt-0000000000000000a", "tmf-0000000000000000a",
      4242, 1, null, null, null);
  static final String CONFIG_JSON =
      "{\"targetId\":\"tmt-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\",\"virtualNetworkId\":4242}";

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final PlanSubnetHandler handler =
      new PlanSubnetHandler(ec2, Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));

  static String request(String tally, String createResults) {
    return "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET + "\",\"config\":" + CONFIG_JSON
        + ",\"tally\":" + tally + ",\"createResults\":" + createResults + ",\"deleteResults\":[]}";
  }

  @Test
  void handleRequest_whenWorkFitsOneRound_givesDeleteAndCreateBatchesWithTokens() {
    for (int i = 0; i < 45; i++) {
      ec2.addInstanceEni(SUBNET, "m4.large");
    }
    String detached = ec2.addEni(SUBNET, "interface", false, null, Map.of());
    ec2.addSession(detached, CONFIG.targetId(), CONFIG.filterId(), 1, 4242, null,
        Map.of(MirrorTags.CLUSTER, "blue", MirrorTags.VPC, VPC, MirrorTags.SUBNET, SUBNET));

    JsonNode out = Steps.invoke(handler, request("{}", "[]"));

    assertThat(out.get("createBatches")).extracting(b -> b.get("items").size()).containsExactly(20, 20, 5);
    assertThat(out.get("deleteBatches")).singleElement().satisfies(b -> {
      assertThat(b.at("/items/0/eniId").asText()).isEqualTo(detached);
      assertThat(b.get("subnetId").asText()).isEqualTo(SUBNET);
    });
    JsonNode batch = out.at("/createBatches/0");
    assertThat(batch.get("targetId").asText()).isEqualTo(CONFIG.targetId());
    assertThat(batch.get("virtualNetworkId").asInt()).isEqualTo(4242);
    assertThat(batch.at("/items/0/clientToken").asText()).startsWith("mf1-").hasSizeLessThanOrEqualTo(64);
    assertThat(batch.at("/items/0/instanceType").asText()).isEqualTo("m4.large");
    assertThat(out.get("hasMore").asBoolean()).isFalse();
    assertThat(out.get("remaining").asInt()).isZero();
    assertThat(out.at("/tally/rounds").asInt()).isEqualTo(1);
    assertThat(ec2.mutatingCalls).isZero();
  }

  @Test
  void handleRequest_whenMoreWorkThanOneRound_givesBoundedSliceAndHasMore() {
    for (int i = 0; i < SubnetPlanner.MAX_ACTIONS + 7; i++) {
      ec2.addInstanceEni(SUBNET, "m4.large");
    }

    JsonNode out = Steps.invoke(handler, request("{}", "[]"));

    int planned = 0;
    for (JsonNode b : out.get("createBatches")) {
      planned += b.get("items").size();
    }
    assertThat(planned).isEqualTo(SubnetPlanner.MAX_ACTIONS);
    assertThat(out.get("remaining").asInt()).isEqualTo(7);
    assertThat(out.get("hasMore").asBoolean()).isTrue();
    assertThat(out.toString().length()).as("a round stays far below 256 KiB").isLessThan(128 * 1024);
  }

  @Test
  void handleRequest_whenLastRoundMadeNoProgress_stopsLooping() {
    for (int i = 0; i < SubnetPlanner.MAX_ACTIONS + 7; i++) {
      ec2.addInstanceEni(SUBNET, "m4.large");
    }
    String noProgress = "[{\"subnetId\":\"" + SUBNET + "\",\"created\":0,\"failed\":{\"TrafficMirrorSessionLimitExceeded\":500}}]";

    JsonNode out = Steps.invoke(handler, request("{\"rounds\":1,\"created\":0,\"deleted\":0}", noProgress));

    assertThat(out.get("hasMore").asBoolean()).isFalse();
    assertThat(out.at("/tally/rounds").asInt()).isEqualTo(2);
    assertThat(out.at("/tally/failed/TrafficMirrorSessionLimitExceeded").asInt()).isEqualTo(500);
  }

  @Test
  void handleRequest_whenAConcurrentRunMadeTheLastRoundsSessions_keepsLoopingWithoutCountingThem() {
    // Those sessions are the other run's to count (issue 12 bug 4), but they are progress: stopping here
    // would leave the rest of the subnet to the next scan.
    for (int i = 0; i < SubnetPlanner.MAX_ACTIONS + 7; i++) {
      ec2.addInstanceEni(SUBNET, "m4.large");
    }
    String madeByOthers = "[{\"subnetId\":\"" + SUBNET + "\",\"created\":0,\"failed\":{},\"madeByAnotherRun\":20}]";

    JsonNode out = Steps.invoke(handler, request("{\"rounds\":1,\"created\":0,\"deleted\":0}", madeByOthers));

    assertThat(out.get("hasMore").asBoolean()).isTrue();
    assertThat(out.at("/tally/created").asInt()).isZero();
  }

  @Test
  void handleRequest_whenPreviousRoundCreated_addsItToTally() {
    String results = "[{\"subnetId\":\"" + SUBNET + "\",\"created\":20},{\"subnetId\":\"" + SUBNET + "\",\"created\":3}]";

    JsonNode out = Steps.invoke(handler, request("{\"rounds\":1,\"created\":10,\"deleted\":2}", results));

    assertThat(out.at("/tally/created").asInt()).isEqualTo(33);
    assertThat(out.at("/tally/deleted").asInt()).isEqualTo(2);
  }

  @Test
  void handleRequest_whenConfigMissingOrInvalid_throwsInvalidInput() {
    assertThatThrownBy(() -> Steps.invoke(handler,
        "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET + "\"}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("config");
    assertThatThrownBy(() -> Steps.invoke(handler, request("{}", "[]").replace("tmt-0000000000000000a", "tmt-x")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("targetId");
    assertThat(ec2.describeCalls).isZero();
  }

  @Test
  void handleRequest_whenAnUntriedTypeHasManyEnis_probesOneAndKeepsTheRestForTheNextRound() {
    for (int i = 0; i < 45; i++) {
      ec2.addInstanceEni(SUBNET, "zz9.large");
    }
    String documented = ec2.addInstanceEni(SUBNET, "c4.large");

    JsonNode out = Steps.invoke(handler, request("{}", "[]"));

    assertThat(out.get("createBatches")).singleElement().satisfies(b -> assertThat(b.get("items"))
        .extracting(i -> i.get("instanceType").asText()).containsExactlyInAnyOrder("zz9.large", "c4.large"));
    assertThat(out.get("remaining").asInt()).isEqualTo(44);
    assertThat(out.get("hasMore").asBoolean()).isTrue();
    assertThat(documented).isNotNull();
  }

  @Test
  void handleRequest_whenModernFamiliesOnThePagesSupportedList_plansEveryEniWithoutAProbingRound() {
    // m7i, c7i and r7iz are on AWS's current allowlist (an older copy of the page called them "not available").
    for (String type : List.of("m7i.large", "c7i.xlarge", "r7iz.large")) {
      for (int i = 0; i < 10; i++) {
        ec2.addInstanceEni(SUBNET, type);
      }
    }

    JsonNode out = Steps.invoke(handler, request("{}", "[]"));

    assertThat(out.get("createBatches")).extracting(b -> b.get("items").size()).containsExactly(20, 10);
    assertThat(out.get("remaining").asInt()).isZero();
    assertThat(out.at("/tally/probing").asBoolean()).isFalse();
  }

  @Test
  void handleRequest_afterAProbingRoundWhoseSessionIsNotDescribedYet_plansEveryEniOfTheType() {
    // EC2 is eventually consistent: the probe was created, but is not described yet, and no refusal
    // is remembered for the type. Probing again would stall the subnet one ENI a round.
    for (int i = 0; i < 30; i++) {
      ec2.addInstanceEni(SUBNET, "zz9.large");
    }

    JsonNode out = Steps.invoke(handler, request(
        "{\"rounds\":1,\"created\":1,\"deleted\":0,\"failed\":{},\"probing\":true}", "[]"));

    assertThat(out.get("createBatches")).extracting(b -> b.get("items").size()).containsExactly(20, 10);
    assertThat(out.get("remaining").asInt()).isZero();
    assertThat(out.at("/tally/probing").asBoolean()).isFalse();
  }

  @Test
  void handleRequest_whenTheTypeAlreadyCarriesASession_plansEveryEniAtOnce() {
    String mirroredOne = ec2.addInstanceEni(SUBNET, "zz9.large");
    ec2.addSession(mirroredOne, "tmt-0000000000000000f", CONFIG.filterId(), 2, 7, null, Map.of("owner", "someone"));
    for (int i = 0; i < 30; i++) {
      ec2.addInstanceEni(SUBNET, "zz9.large");
    }

    JsonNode out = Steps.invoke(handler, request("{}", "[]"));

    assertThat(out.get("createBatches")).extracting(b -> b.get("items").size()).containsExactly(20, 11);
    assertThat(out.get("remaining").asInt()).isZero();
  }

  @Test
  void handleRequest_whenTwoPlansOfOneSubnetInOneSecond_givesDifferentClientTokens() {
    ec2.addInstanceEni(SUBNET, "m4.large");

    String first = Steps.invoke(handler, request("{}", "[]")).at("/createBatches/0/items/0/clientToken").asText();
    String second = Steps.invoke(handler, request("{}", "[]")).at("/createBatches/0/items/0/clientToken").asText();

    assertThat(first).isNotEqualTo(second);
  }
}
