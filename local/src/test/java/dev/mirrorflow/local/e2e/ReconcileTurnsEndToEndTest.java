package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two reconciles of one subnet, the second started while the first is still spending a small mutating
 * bucket: the second waits its turn and then reads what the first made, so no ENI gets two creates.
 */
class ReconcileTurnsEndToEndTest {
  static final int LAUNCHED = 40;

  TriggerFixture f;
  String vpc;
  String subnet;

  @BeforeEach
  void start() {
    f = TriggerFixture.start(2);
    List<String> ids = f.eventDrivenVpc("10.9", 1, f.targetAndFilter(), false);
    vpc = ids.get(0);
    subnet = ids.get(1);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private String startEventReconcile(long window) {
    String name = vpc + "-event-" + subnet + "-" + window;
    return f.sfn.startExecution(b -> b.stateMachineArn(f.arn("reconcile-vpc")).name(name)
        .input("{\"cluster\":\"" + TriggerFixture.CLUSTER + "\",\"vpcId\":\"" + vpc + "\",\"subnetIds\":[\"" + subnet + "\"]}"))
        .executionArn();
  }

  /** Launches {@link #LAUNCHED} instances, then EC2 takes ten creates at once and five a second; the sessions before. */
  private int launchUnderASmallMutatingBucket() {
    int sessionsBefore = f.ownedSessionsIn(vpc).size();
    f.world().runInstances(subnet, "m5.large", LAUNCHED, Map.of(), Map.of());
    // Ten creates at once, then five a second: the first reconcile spends several seconds creating.
    f.cloud.ec2().knobs().throttling(true).buckets(Ec2Knobs.DEFAULT_DESCRIBE_BUCKET, new Ec2Knobs.Bucket(10, 5));
    f.cloud.ec2().resetCallCounts();
    return sessionsBefore;
  }

  /** Creates EC2 accepted to work on number the sessions made, and every attached ENI has one session. */
  private void assertOneCreatePerSession(int made) {
    long creates = f.cloud.ec2().callCount("CreateTrafficMirrorSession")
        - f.cloud.ec2().throttledCounts().getOrDefault("CreateTrafficMirrorSession", 0L);
    assertThat(creates).as("creates EC2 accepted to work on, beside the sessions made").isEqualTo(made);
    assertThat(f.world().networkInterfaces().stream().filter(n -> n.attachment() != null).map(n -> n.id()))
        .allSatisfy(eni -> assertThat(f.ownedSessionsOn(eni)).hasSize(1));
  }

  private static boolean entered(Execution e, String state) {
    return e.history().stream().anyMatch(h -> h.path("type").asText().endsWith("StateEntered")
        && state.equals(h.path("stateEnteredEventDetails").path("name").asText()));
  }

  @Test
  void overlappingReconciles_ofOneSubnet_neverBothCreateForTheSameEni() {
    int sessionsBefore = launchUnderASmallMutatingBucket();

    String first = startEventReconcile(1);
    String second = startEventReconcile(2);
    Execution a = f.cloud.stepFunctions().execution(first).orElseThrow().await(Duration.ofMinutes(2));
    Execution b = f.cloud.stepFunctions().execution(second).orElseThrow().await(Duration.ofMinutes(2));

    assertThat(a.status().name()).as("%s %s", a.error(), a.cause()).isEqualTo("SUCCEEDED");
    assertThat(b.status().name()).as("%s %s", b.error(), b.cause()).isEqualTo("SUCCEEDED");
    assertThat(entered(a, "WaitTurn")).as("the first waits for no one").isFalse();
    assertThat(entered(b, "WaitTurn")).as("the second waits for the first").isTrue();
    int made = f.ownedSessionsIn(vpc).size() - sessionsBefore;
    assertThat(made).isEqualTo(LAUNCHED);
    assertOneCreatePerSession(made);
  }

  @Test
  void queuedReconciles_ofOneSubnet_onlyTheLatestReads() {
    int sessionsBefore = launchUnderASmallMutatingBucket();

    String first = startEventReconcile(1);
    String second = startEventReconcile(2);
    String third = startEventReconcile(3);
    Execution a = f.cloud.stepFunctions().execution(first).orElseThrow().await(Duration.ofMinutes(2));
    Execution b = f.cloud.stepFunctions().execution(second).orElseThrow().await(Duration.ofMinutes(2));
    Execution c = f.cloud.stepFunctions().execution(third).orElseThrow().await(Duration.ofMinutes(2));

    for (Execution e : List.of(a, b, c)) {
      assertThat(e.status().name()).as("%s %s %s", e.name(), e.error(), e.cause()).isEqualTo("SUCCEEDED");
    }
    assertThat(entered(b, "WaitTurn")).as("the second waits for the first").isTrue();
    assertThat(entered(b, "NothingToDo")).as("then hands over to the third").isTrue();
    assertThat(entered(b, "PlanSubnet")).isFalse();
    assertThat(b.output().orElseThrow()).contains("\"created\":0");
    assertThat(entered(c, "WaitTurn")).isTrue();
    int made = f.ownedSessionsIn(vpc).size() - sessionsBefore;
    assertThat(made).isEqualTo(LAUNCHED);
    assertOneCreatePerSession(made);
  }
}
