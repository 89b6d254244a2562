package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CreateSessions and DeleteSessions on the in-memory EC2. */
class SessionBatchHandlersTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-0000000000000000a";

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final EmbeddedMetrics metrics =
      new EmbeddedMetrics(new PrintStream(stdout, true, StandardCharsets.UTF_8), Clock.systemUTC());
  final FakeRegistry registry = new FakeRegistry().register("blue", VPC, VpcMirroringConfig.of("tmt-0000000000000000a", "tmf-0000000000000000a"));
  final CreateSessionsHandler create = new CreateSessionsHandler(registry, ec2, metrics);
  final DeleteSessionsHandler delete = new DeleteSessionsHandler(ec2, metrics);

  static String createBatch(String... items) {
    return "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET
        + "\",\"targetId\":\"tmt-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\",\"items\":["
        + String.join(",", items) + "]}";
  }

  static String item(String eni, String token, String type) {
    return "{\"eniId\":\"" + eni + "\",\"sessionNumber\":1,\"clientToken\":\"" + token + "\",\"instanceType\":\"" + type + "\"}";
  }

  @Test
  void createSessions_whenSomeEnisRefused_reportsThemPerItemAndRemembersUnsupported() {
    String good = ec2.addInstanceEni(SUBNET, "m5.large");
    String unsupported = ec2.addInstanceEni(SUBNET, "zz9.large");
    ec2.unsupportedEnis.add(unsupported);

    JsonNode out = Steps.invoke(create, createBatch(
        item(good, "t1", "m5.large"), item(unsupported, "t2", "zz9.large"), item("eni-000000000000000ee", "t3", "m5.large")));

    assertThat(out.get("created").asInt()).isEqualTo(1);
    assertThat(out.at("/failed/NetworkInterfaceNotSupported").asInt()).isEqualTo(1);
    assertThat(out.at("/failed/InvalidNetworkInterfaceID.NotFound").asInt()).isEqualTo(1);
    assertThat(out.get("failures")).extracting(f -> f.get("eniId").asText())
        .containsExactly(unsupported, "eni-000000000000000ee");
    assertThat(ec2.enis.get(unsupported).tags().get(MirrorTags.MIRRORING_UNSUPPORTED)).startsWith("zz9.large@");
    assertThat(ec2.sessionsOf(good)).singleElement().satisfies(s -> {
      assertThat(s.ownedBy("blue")).isTrue();
      assertThat(s.tags()).containsEntry(MirrorTags.VPC, VPC).containsEntry(MirrorTags.SUBNET, SUBNET);
    });
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("\"SessionsCreated\":1").contains("\"SessionFailures\":2");
  }

  @Test
  void createSessions_whenManyEnisOfAnUnsupportedTypeInOneBatch_triesOneAndTagsThemAllInOneCall() {
    List<String> fleet = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String eni = ec2.addInstanceEni(SUBNET, "zz9.large");
      ec2.unsupportedEnis.add(eni);
      fleet.add(eni);
    }
    String good = ec2.addInstanceEni(SUBNET, "m5.large");
    List<String> items = new java.util.ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      items.add(item(fleet.get(i), "z" + i, "zz9.large"));
    }
    items.add(item(good, "g", "m5.large"));

    JsonNode out = Steps.invoke(create, createBatch(items.toArray(String[]::new)));

    assertThat(out.at("/failed/NetworkInterfaceNotSupported").asInt()).isEqualTo(5);
    assertThat(out.get("created").asInt()).isEqualTo(1);
    assertThat(ec2.mutatingCalls).as("one refused create, one create, one CreateTags").isEqualTo(3);
    assertThat(fleet).allSatisfy(eni ->
        assertThat(ec2.enis.get(eni).tags().get(MirrorTags.MIRRORING_UNSUPPORTED)).startsWith("zz9.large@"));
  }

  @Test
  void createSessions_whenTheAccountQuotaRefuses_stopsTheBatchAndRemembersItOnEachEni() {
    String a = ec2.addInstanceEni(SUBNET, "m5.large");
    String b = ec2.addInstanceEni(SUBNET, "m5.large");
    String c = ec2.addInstanceEni(SUBNET, "m5.large");
    ec2.sessionLimit = 1;

    JsonNode out = Steps.invoke(create, createBatch(item(a, "ta", "m5.large"), item(b, "tb", "m5.large"),
        item(c, "tc", "m5.large")));

    assertThat(out.get("created").asInt()).isEqualTo(1);
    assertThat(out.at("/failed/TrafficMirrorSessionLimitExceeded").asInt()).isEqualTo(2);
    assertThat(ec2.mutatingCalls).as("a, b refused, c not tried, one CreateTags").isEqualTo(3);
    assertThat(List.of(b, c)).allSatisfy(eni ->
        assertThat(ec2.enis.get(eni).tags().get(MirrorTags.REFUSED)).startsWith("TrafficMirrorSessionLimitExceeded@"));
  }

  @Test
  void createSessions_whenRefusedWithACodeNoListNames_reportsItAndGoesOn() {
    String a = ec2.addInstanceEni(SUBNET, "m5.large");
    String b = ec2.addInstanceEni(SUBNET, "m5.large");
    ec2.refuseNextWith = "UnauthorizedOperation";

    JsonNode out = Steps.invoke(create, createBatch(item(a, "ta", "m5.large"), item(b, "tb", "m5.large")));

    assertThat(out.at("/failed/UnauthorizedOperation").asInt()).isEqualTo(1);
    assertThat(out.get("created").asInt()).isEqualTo(1);
    assertThat(ec2.sessionsOf(b)).hasSize(1);
  }

  @Test
  void createSessions_whenInvalidParameterButTheWantedSessionNowExists_doesNotCountAnotherRunsSession() {
    // Issue 12 bug 4: this counted 1 created, and the run that made the session counted it too.
    String a = ec2.addInstanceEni(SUBNET, "m5.large");
    ec2.addSession(a, "tmt-0000000000000000a", "tmf-0000000000000000a", 1, 99, null,
        Map.of(MirrorTags.CLUSTER, "blue", MirrorTags.VPC, VPC, MirrorTags.SUBNET, SUBNET, MirrorTags.CLIENT_TOKEN, "other-run"));
    ec2.refuseNextWith = "InvalidParameterValue";

    // The batch's first read sees the session only when it is wanted; here it is, so nothing is created.
    JsonNode out = Steps.invoke(create, createBatch(item(a, "ta", "m5.large")));

    assertThat(out.get("created").asInt()).isZero();
    assertThat(out.get("madeByAnotherRun").asInt()).isEqualTo(1);
    assertThat(out.get("failed")).isEmpty();
    assertThat(ec2.mutatingCalls).isZero();
  }

  @Test
  void createSessions_whenTwoRunsPlannedTheSameSession_onlyTheRunThatMadeItCountsIt() {
    // Issue 12 bug 4: two event-triggered reconciles both reported created: 1 for one session.
    String a = ec2.addInstanceEni(SUBNET, "m5.large");

    JsonNode first = Steps.invoke(create, createBatch(item(a, "run-1-token", "m5.large")));
    JsonNode second = Steps.invoke(create, createBatch(item(a, "run-2-token", "m5.large")));
    JsonNode firstRetried = Steps.invoke(create, createBatch(item(a, "run-1-token", "m5.large")));

    assertThat(ec2.allSessions()).hasSize(1);
    assertThat(first.get("created").asInt()).isEqualTo(1);
    assertThat(second.get("created").asInt()).as("the other run's session").isZero();
    assertThat(second.get("madeByAnotherRun").asInt()).isEqualTo(1);
    assertThat(second.get("failed")).isEmpty();
    assertThat(firstRetried.get("created").asInt()).as("a retried attempt of the run that made it").isEqualTo(1);
    assertThat(first.has("madeByAnotherRun")).as("written only when there are some").isFalse();
    assertThat(ec2.mutatingCalls).as("one create; the others found the session").isEqualTo(1);
  }

  @Test
  void createSessions_whenTheTargetIsAnNlb_findsTheSessionReadBackAs8500Wanted() {
    String a = ec2.addInstanceEni(SUBNET, "m5.large");
    // Made by an earlier attempt of this batch (its token), whose response was lost.
    ec2.addSession(a, "tmt-0000000000000000a", "tmf-0000000000000000a", 1, 99, 8500,
        Map.of(MirrorTags.CLUSTER, "blue", MirrorTags.VPC, VPC, MirrorTags.SUBNET, SUBNET, MirrorTags.CLIENT_TOKEN, "ta"));
    String batch = createBatch(item(a, "ta", "m5.large")).replace("\"items\"", "\"readBackPacketLength\":8500,\"items\"");

    JsonNode out = Steps.invoke(create, batch);

    assertThat(out.get("created").asInt()).isEqualTo(1);
    assertThat(ec2.mutatingCalls).isZero();
  }

  @Test
  void createSessions_whenRetriedAfterThrottling_createsEachSessionOnceAndCountsOnce() {
    String a = ec2.addInstanceEni(SUBNET, "m5.large");
    String b = ec2.addInstanceEni(SUBNET, "m5.large");
    String batch = createBatch(item(a, "ta", "m5.large"), item(b, "tb", "m5.large"));
    ec2.throttleCreateAfter = 1;

    assertThatThrownBy(() -> Steps.invoke(create, batch)).isInstanceOf(TransientEc2Exception.class);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).as("a failed attempt emits no creates").doesNotContain("SessionsCreated");
    JsonNode out = Steps.invoke(create, batch);

    assertThat(out.get("created").asInt()).isEqualTo(2);
    assertThat(ec2.allSessions()).hasSize(2);
    assertThat(ec2.mutatingCalls).as("create a, throttled b, then only b again").isEqualTo(3);
    assertThat(stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("SessionsCreated"))).hasSize(1);
  }

  @Test
  void createSessions_whenItemMalformed_throwsInvalidInputAndCreatesNothing() {
    assertThatThrownBy(() -> Steps.invoke(create, createBatch(item("eni-zz", "t1", "m5.large"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("eniId");
    assertThatThrownBy(() -> Steps.invoke(create, createBatch(item("eni-0000000000000000a", "x".repeat(65), "m5.large"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("clientToken");
    assertThat(ec2.mutatingCalls).isZero();
  }

  @Test
  void deleteSessions_whenSomeAlreadyGone_succeedsAndCountsThemApart() {
    String eni = ec2.addInstanceEni(SUBNET, "m5.large");
    String session = ec2.addSession(eni, "tmt-0000000000000000a", "tmf-0000000000000000a", 1, 4242, null,
        Map.of(MirrorTags.CLUSTER, "blue"));

    JsonNode out = Steps.invoke(delete, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET
        + "\",\"items\":[{\"sessionId\":\"" + session + "\",\"eniId\":\"" + eni + "\"},"
        + "{\"sessionId\":\"tms-000000000000000ee\",\"eniId\":\"" + eni + "\"}]}");

    assertThat(out.get("deleted").asInt()).isEqualTo(1);
    assertThat(out.get("alreadyGone").asInt()).isEqualTo(1);
    assertThat(ec2.sessions).isEmpty();
    assertThat(ec2.mutatingCalls).as("the gone session costs no delete call").isEqualTo(1);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"SessionsDeleted\":1");
  }

  @Test
  void deleteSessions_whenSessionNoLongerOwned_leavesItAloneAndSaysSo() {
    String eni = ec2.addInstanceEni(SUBNET, "m5.large");
    String foreign = ec2.addSession(eni, "tmt-0000000000000000a", "tmf-0000000000000000a", 1, 4242, null,
        Map.of(MirrorTags.CLUSTER, "green"));

    JsonNode out = Steps.invoke(delete, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\"" + SUBNET
        + "\",\"items\":[{\"sessionId\":\"" + foreign + "\",\"eniId\":\"" + eni + "\"}]}");

    assertThat(out.get("notOwned").asInt()).isEqualTo(1);
    assertThat(out.get("deleted").asInt()).isZero();
    assertThat(ec2.sessions).containsKey(foreign);
    assertThat(ec2.mutatingCalls).isZero();
  }

  @Test
  void deleteSessions_whenSessionIdMalformed_throwsInvalidInputAndDeletesNothing() {
    assertThatThrownBy(() -> Steps.invoke(delete, "{\"cluster\":\"blue\",\"vpcId\":\"" + VPC + "\",\"subnetId\":\""
        + SUBNET + "\",\"items\":[{\"sessionId\":\"sess-1\"}]}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sessionId");
    assertThat(ec2.mutatingCalls).isZero();
  }
}
