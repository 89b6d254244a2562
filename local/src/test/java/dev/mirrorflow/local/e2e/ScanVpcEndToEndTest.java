package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** scan-vpc.asl.json on the local cloud: the every-minute scan of each registered VPC, with the real steps. */
class ScanVpcEndToEndTest {
  TriggerFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void scheduledScan_whenEniAttachedWhileEventsAreOff_mirrorsIt() {
    f = TriggerFixture.start(20);
    String[] tf = f.targetAndFilter();
    List<String> ids = f.vpcWithInstances("10.3", 2);
    String vpc = ids.get(0);
    f.putStateChangeRule();
    f.registerVpc(vpc, tf[0], tf[1], true);
    f.cloud.ec2().knobs().stateChangeEvents(false);
    f.awaitDeliveries();
    int routedBefore = f.executions("event-router").size();
    String instance = f.world().instances().stream().filter(i -> i.subnetId().equals(ids.get(2))).findFirst()
        .orElseThrow().id();

    String eni = f.ec2.createNetworkInterface(b -> b.subnetId(ids.get(2)).description("added while nobody listens"))
        .networkInterface().networkInterfaceId();
    f.ec2.attachNetworkInterface(b -> b.networkInterfaceId(eni).instanceId(instance).deviceIndex(1));

    MirrorSession session = f.await("the next scan to mirror " + eni, Duration.ofMinutes(3),
        () -> f.ownedSessionsOn(eni).stream().findFirst());
    assertThat(session.targetId()).isEqualTo(tf[0]);
    assertThat(f.executions("reconcile-vpc")).extracting(Execution::name).anyMatch(n -> n.startsWith(vpc + "-scan-"));
    assertThat(f.executions("event-router")).hasSize(routedBefore);
  }

  @Test
  void scheduledScan_whenSessionDeletedOutOfBand_recreatesIt() {
    f = TriggerFixture.start(20);
    String[] tf = f.targetAndFilter();
    List<String> ids = f.vpcWithInstances("10.4", 1);
    String vpc = ids.get(0);
    f.registerVpc(vpc, tf[0], tf[1], true);
    MirrorSession original = f.ownedSessionsIn(vpc).get(0);

    f.world().deleteSession(original.id());

    // Client tokens carry the planning minute, and the steps plan on the Lambda host's clock (real
    // time): a scan in the same real minute gets the deleted session back from EC2's idempotency;
    // the first scan of the next real minute re-creates it. 40 virtual minutes = 2 real minutes.
    MirrorSession recreated = f.await("a scan to re-create the session on " + original.networkInterfaceId(),
        Duration.ofMinutes(40), () -> f.ownedSessionsOn(original.networkInterfaceId()).stream().findFirst());
    assertThat(recreated.id()).isNotEqualTo(original.id());
    assertThat(recreated.targetId()).isEqualTo(tf[0]);
  }

  @Test
  void scan_whenNothingToDo_costsOneInvocationAndTheSameTransitionsFor2And20Subnets() {
    f = TriggerFixture.start(1);
    String[] tf = f.targetAndFilter();
    List<String> small = f.vpcWithInstances("10.5", 2);
    List<String> large = f.vpcWithInstances("10.6", 20);
    f.registerVpc(small.get(0), tf[0], tf[1], true);
    f.registerVpc(large.get(0), tf[0], tf[1], true);
    assertThat(f.ownedSessionsIn(large.get(0))).hasSize(20);

    Map<String, Long> costSmall = new HashMap<>();
    Execution scanSmall = scan(small.get(0), tf, costSmall);
    Map<String, Long> costLarge = new HashMap<>();
    Execution scanLarge = scan(large.get(0), tf, costLarge);

    for (Execution scan : List.of(scanSmall, scanLarge)) {
      assertThat(scan.status().name()).as("%s %s", scan.error(), scan.cause()).isEqualTo("SUCCEEDED");
      JsonNode out = TriggerFixture.read(scan.output().orElseThrow());
      assertThat(out.path("action").asText()).isEqualTo("none");
      assertThat(out.has("started")).isFalse();
    }
    assertThat(costSmall).isEqualTo(Map.of(f.deployment.functionNames().get("PlanScan"), 1L));
    assertThat(costLarge).isEqualTo(costSmall);
    assertThat(scanLarge.stateTransitions()).isEqualTo(scanSmall.stateTransitions()).isLessThanOrEqualTo(5);
    System.out.printf("nothing-to-do scan: %d state transitions (2 subnets), %d (20 subnets); invocations %s%n",
        scanSmall.stateTransitions(), scanLarge.stateTransitions(), costLarge);
  }

  @Test
  void scan_whenAReconcileOfTheVpcIsRunning_startsNoSecondOne() {
    f = TriggerFixture.start(1);
    String[] tf = f.targetAndFilter();
    List<String> ids = f.vpcWithInstances("10.7", 2);
    String vpc = ids.get(0);
    f.registerVpc(vpc, tf[0], tf[1], false);
    f.cloud.ec2().knobs().latency(Duration.ofMillis(700), Duration.ofMillis(700));
    String running = f.sfn.startExecution(b -> b.stateMachineArn(f.arn("reconcile-vpc")).name(vpc + "-add-vpc-1")
        .input("{\"cluster\":\"" + TriggerFixture.CLUSTER + "\",\"vpcId\":\"" + vpc + "\"}")).executionArn();

    Execution scan = scan(vpc, tf, new HashMap<>());

    JsonNode out = TriggerFixture.read(scan.output().orElseThrow());
    assertThat(out.path("action").asText()).isEqualTo("alreadyReconciling");
    assertThat(out.path("reconciling").asText()).isEqualTo(vpc + "-add-vpc-1");
    assertThat(f.cloud.stepFunctions().execution(running).orElseThrow().status().name()).isEqualTo("RUNNING");
    assertThat(f.executions("reconcile-vpc")).extracting(Execution::name).containsExactly(vpc + "-add-vpc-1");
    f.cloud.ec2().knobs().latency(Duration.ZERO, Duration.ZERO);
    assertThat(f.cloud.stepFunctions().execution(running).orElseThrow().await(Duration.ofMinutes(1)).status().name())
        .isEqualTo("SUCCEEDED");
  }

  /** Starts scan-vpc as the schedule rule does (the registration as input) and waits for its end; {@code cost} gets the Lambda invocations it made. */
  private Execution scan(String vpc, String[] tf, Map<String, Long> cost) {
    Map<String, Long> before = f.cloud.lambda().invocationCounts();
    String arn = f.sfn.startExecution(b -> b.stateMachineArn(f.arn("scan-vpc"))
        .input(TriggerFixture.registration(vpc, tf[0], tf[1]))).executionArn();
    Execution done = f.cloud.stepFunctions().execution(arn).orElseThrow().await(Duration.ofMinutes(1));
    f.cloud.lambda().invocationCounts().forEach((fn, n) -> {
      long delta = n - before.getOrDefault(fn, 0L);
      if (delta != 0) {
        cost.put(fn, delta);
      }
    });
    return done;
  }
}
