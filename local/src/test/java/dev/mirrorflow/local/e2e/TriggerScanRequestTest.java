package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Scan requests on the cluster bus ({@code source} "mirrorflow", {@code detail-type} "Scan Requested",
 * {@code detail.vpcId}) reconcile that VPC through its scan-request rule. Real-time clock: no
 * scheduled scan fires during the test, so what changes was the request's doing.
 */
class TriggerScanRequestTest {
  TriggerFixture f;
  String vpc;
  List<String> subnets;
  String[] tf;

  @BeforeEach
  void start() {
    f = TriggerFixture.start(1);
    tf = f.targetAndFilter();
    List<String> ids = f.vpcWithInstances("10.8", 2);
    vpc = ids.get(0);
    subnets = ids.subList(1, ids.size());
    f.registerVpc(vpc, tf[0], tf[1], true);
    f.cloud.ec2().knobs().stateChangeEvents(false);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  PutEventsResponse requestScan(String vpcId) {
    return f.events.putEvents(b -> b.entries(e -> e.eventBusName(TriggerFixture.BUS).source("mirrorflow")
        .detailType("Scan Requested").detail("{\"vpcId\":\"" + vpcId + "\"}")));
  }

  @Test
  void putEvents_whenScanRequestedForRegisteredVpc_reconcilesIt() {
    String instance = f.world().instances().stream().filter(i -> i.subnetId().equals(subnets.get(0))).findFirst()
        .orElseThrow().id();
    String eni = f.ec2.createNetworkInterface(b -> b.subnetId(subnets.get(0))).networkInterface().networkInterfaceId();
    f.ec2.attachNetworkInterface(b -> b.networkInterfaceId(eni).instanceId(instance).deviceIndex(1));
    int before = f.executions("reconcile-vpc").size();

    assertThat(requestScan(vpc).failedEntryCount()).isZero();

    MirrorSession session = f.await("the requested scan to mirror " + eni, Duration.ofSeconds(30),
        () -> f.ownedSessionsOn(eni).stream().findFirst());
    assertThat(session.targetId()).isEqualTo(tf[0]);
    List<Execution> reconciles = f.executions("reconcile-vpc");
    assertThat(reconciles).hasSize(before + 1);
    JsonNode input = TriggerFixture.read(reconciles.get(reconciles.size() - 1).input());
    assertThat(input.path("vpcId").asText()).isEqualTo(vpc);
    assertThat(input.path("cluster").asText()).isEqualTo(TriggerFixture.CLUSTER);
    assertThat(f.executions("scan-vpc")).isEmpty();
  }

  @Test
  void putEvents_whenScanRequestedForUnregisteredVpc_changesNothing() {
    List<String> other = f.vpcWithInstances("10.9", 1);
    int before = f.executions("reconcile-vpc").size();

    assertThat(requestScan(other.get(0)).failedEntryCount()).isZero();
    f.awaitDeliveries();

    assertThat(f.executions("reconcile-vpc")).hasSize(before);
    assertThat(f.ownedSessionsIn(other.get(0))).isEmpty();
  }

  @Test
  void registration_whenListed_hasRetryPolicyAndDeadLetterQueueOnEveryTarget() {
    f.putStateChangeRule();
    List<String> rules = List.of(
        "default/mirrorflow-trig-state-changes",
        "default/mirrorflow-trig-" + vpc + "-schedule",
        TriggerFixture.BUS + "/mirrorflow-trig-" + vpc + "-scan");
    for (String rule : rules) {
      String bus = rule.substring(0, rule.indexOf('/'));
      List<Target> targets = f.events.listTargetsByRule(b -> b.eventBusName(bus).rule(rule.substring(bus.length() + 1)))
          .targets();
      assertThat(targets).as(rule).isNotEmpty().allSatisfy(t -> {
        assertThat(t.retryPolicy().maximumRetryAttempts()).isPositive();
        assertThat(t.deadLetterConfig().arn()).isEqualTo(TriggerFixture.DLQ_ARN);
        assertThat(t.roleArn()).isEqualTo(TriggerFixture.ROLE_ARN);
      });
    }
  }
}
