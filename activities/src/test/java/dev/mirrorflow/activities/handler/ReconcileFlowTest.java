package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The steps chained as the state machine chains them converge a VPC, and a second run finds nothing to do. */
class ReconcileFlowTest {
  static final String VPC = "vpc-00000000000000001";
  static final String BIG = "subnet-0000000000000000a";
  static final String SMALL = "subnet-0000000000000000b";
  static final VpcMirroringConfig CONFIG = new VpcMirroringConfig("tmt-0000000000000000a", "tmf-0000000000000000a",
      4242, 1, null, null, Map.of("mirror", "off"));
  static final String INPUT = "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\"}";

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final ReconcileFlow flow = new ReconcileFlow(new FakeRegistry().register("blue", VPC, CONFIG), ec2,
      Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));

  static Map<String, String> owned(String subnet) {
    return Map.of(MirrorTags.CLUSTER, "blue", MirrorTags.VPC, VPC, MirrorTags.SUBNET, subnet);
  }

  @Test
  void run_whenVpcHasAllKindsOfDrift_convergesToOneOwnedSessionPerEligibleEni() {
    for (int i = 0; i < 1150; i++) {
      ec2.addInstanceEni(BIG, "m5.large");
    }
    String outdated = ec2.addInstanceEni(SMALL, "m5.large");
    String outdatedSession = ec2.addSession(outdated, "tmt-0000000000000000b", CONFIG.filterId(), 1, 4242, null, owned(SMALL));
    String crowded = ec2.addInstanceEni(SMALL, "c5.large");
    String foreignSession = ec2.addSession(crowded, "tmt-00000000000000fff", "tmf-00000000000000fff", 1, 9, null, Map.of());
    String refused = ec2.addInstanceEni(SMALL, "zz9.large");
    ec2.unsupportedEnis.add(refused);
    String unattachedSession = ec2.addSession(
        ec2.addEni(SMALL, "interface", false, null, Map.of()), CONFIG.targetId(), CONFIG.filterId(), 1, 4242, null,
        owned(SMALL));
    ec2.addEni(SMALL, "vpc_endpoint", true, null, Map.of());

    JsonNode summary = flow.run(INPUT);

    assertThat(summary.get("created").asInt()).isEqualTo(1152);
    assertThat(summary.get("deleted").asInt()).isEqualTo(2);
    assertThat(summary.at("/failed/NetworkInterfaceNotSupported").asInt()).isEqualTo(1);
    assertThat(summary.at("/skipped/notAttachedToInstance").asInt()).isEqualTo(1);
    assertThat(summary.at("/skipped/notInterfaceType").asInt()).isEqualTo(1);
    assertThat(summary.get("failedSubnets")).isEmpty();
    assertThat(ec2.sessions).doesNotContainKeys(outdatedSession, unattachedSession).containsKey(foreignSession);
    Map<String, List<MirrorSession>> ownedByEni = ec2.allSessions().stream().filter(s -> s.ownedBy("blue"))
        .collect(Collectors.groupingBy(MirrorSession::eniId));
    assertThat(ownedByEni).hasSize(1152).allSatisfy((eni, sessions) -> assertThat(sessions).hasSize(1));
    assertThat(ownedByEni.get(crowded)).singleElement().satisfies(s -> assertThat(s.sessionNumber()).isEqualTo(2));
    assertThat(ec2.enis.get(refused).tags().get(MirrorTags.MIRRORING_UNSUPPORTED)).startsWith("zz9.large@");

    JsonNode again = flow.run(INPUT);

    assertThat(again.get("hasWork").asBoolean()).isFalse();
    assertThat(again.at("/totals/kept").asInt()).isEqualTo(1152);
    assertThat(again.at("/totals/skipped/knownUnsupported").asInt()).isEqualTo(1);
  }

  @Test
  void run_whenCreateBatchThrottledMidway_retriesWithoutDuplicates() {
    for (int i = 0; i < 30; i++) {
      ec2.addInstanceEni(BIG, "m5.large");
    }
    ec2.throttleCreateAfter = 7;

    JsonNode summary = flow.run(INPUT);

    assertThat(flow.retries).isEqualTo(1);
    assertThat(ec2.mutatingCalls).as("30 creates and the throttled one; nothing redone").isEqualTo(31);
    assertThat(summary.get("created").asInt()).isEqualTo(30);
    assertThat(ec2.allSessions()).hasSize(30);
    assertThat(ec2.allSessions().stream().map(MirrorSession::eniId).distinct()).hasSize(30);
  }

  @Test
  void run_whenAFleetOfAnUnsupportedNewTypeIsRefused_costsOneRefusedCallPerSubnetThenNone() {
    for (int subnet = 1; subnet <= 3; subnet++) {
      for (int i = 0; i < 700; i++) {
        ec2.unsupportedEnis.add(ec2.addInstanceEni(String.format("subnet-%017x", subnet), "zz9.large"));
      }
    }

    JsonNode summary = flow.run(INPUT);

    // Subnets are planned one after another here, so the second already knows; in parallel, one per subnet at most.
    assertThat(summary.at("/failed/NetworkInterfaceNotSupported").asInt()).as("one probe in all").isEqualTo(1);
    assertThat(ec2.mutatingCalls).as("1 refused create, 1 tag").isEqualTo(2);
    assertThat(flow.largestState).isLessThan(160 * 1024);
    int before = ec2.mutatingCalls;
    JsonNode again = flow.run(INPUT);
    assertThat(again.at("/totals/skipped/knownUnsupported").asInt()).isEqualTo(2100);
    assertThat(ec2.mutatingCalls).as("the type is remembered: no call at all").isEqualTo(before);
  }

  @Test
  void run_whenEveryCreateOfBigSubnetsIsRefusedOneByOne_keepsEveryStateFarBelow256KiB() {
    // m4 is documented as supported, so each ENI is tried; each refusal is its own (say, a broken ENI).
    for (int subnet = 1; subnet <= 3; subnet++) {
      for (int i = 0; i < 700; i++) {
        ec2.unsupportedEnis.add(ec2.addInstanceEni(String.format("subnet-%017x", subnet), "m4.large"));
      }
    }

    JsonNode summary = flow.run(INPUT);

    assertThat(summary.at("/failed/NetworkInterfaceNotSupported").asInt()).isEqualTo(2100);
    assertThat(summary.get("failedSubnets")).isEmpty();
    assertThat(flow.largestState).isLessThan(160 * 1024);
    assertThat(flow.run(INPUT).at("/totals/skipped/knownUnsupported").asInt()).isEqualTo(2100);
  }

  @Test
  void run_whenNothingToDo_costsOneInvocationWhateverTheNumberOfSubnets() {
    for (int subnet = 1; subnet <= 40; subnet++) {
      String id = String.format("subnet-%017x", subnet);
      String eni = ec2.addInstanceEni(id, "m5.large");
      ec2.addSession(eni, CONFIG.targetId(), CONFIG.filterId(), 1, 4242, null, owned(id));
    }

    JsonNode out = flow.run(INPUT);

    assertThat(out.get("hasWork").asBoolean()).isFalse();
    assertThat(flow.invocations).isEqualTo(1);
    assertThat(ec2.describeCalls).as("ENIs, instances, sessions, targets").isEqualTo(4);
  }
}
