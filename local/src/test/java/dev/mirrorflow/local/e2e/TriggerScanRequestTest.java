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
 * {@code detail.vpcId}) scan that VPC through the cluster's one scan-request rule. Real-time clock: no
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
  void putEvents_whenScanRequestedForRegisteredVpc_scansAndReconcilesIt() {
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
    List<Execution> scans = f.awaitAll("scan-vpc");
    assertThat(scans).hasSize(1);
    JsonNode scanInput = TriggerFixture.read(scans.get(0).input());
    assertThat(scanInput.path("vpcId").asText()).isEqualTo(vpc);
    assertThat(scanInput.path("cluster").asText()).isEqualTo(TriggerFixture.CLUSTER);
  }

  @Test
  void putEvents_whenScanRequestedForUnregisteredVpc_endsQuietlyAndChangesNothing() {
    List<String> other = f.vpcWithInstances("10.9", 1);
    int before = f.executions("reconcile-vpc").size();

    assertThat(requestScan(other.get(0)).failedEntryCount()).isZero();
    f.awaitDeliveries();
    List<Execution> scans = f.awaitAll("scan-vpc");

    assertThat(scans).hasSize(1);
    assertThat(scans.get(0).status().name()).isEqualTo("SUCCEEDED");
    assertThat(f.executions("reconcile-vpc")).hasSize(before);
    assertThat(f.ownedSessionsIn(other.get(0))).isEmpty();
  }

  @Test
  void putEvents_whenScanRequestIsMalformed_failsWithANamedErrorAndChangesNothing() {
    int before = f.executions("reconcile-vpc").size();

    assertThat(requestScan("vpc-NOT-AN-ID").failedEntryCount()).isZero();
    assertThat(f.events.putEvents(b -> b.entries(e -> e.eventBusName(TriggerFixture.BUS).source("mirrorflow")
        .detailType("Scan Requested").detail("{\"subnet\":\"subnet-1\"}"))).failedEntryCount()).isZero();
    f.awaitDeliveries();
    List<Execution> scans = f.awaitAll("scan-vpc");

    assertThat(scans).hasSize(2).allSatisfy(e -> {
      assertThat(e.status().name()).isEqualTo("FAILED");
      assertThat(e.error()).contains("dev.mirrorflow.activities.input.InvalidInputException");
    });
    assertThat(f.executions("reconcile-vpc")).hasSize(before);
  }

  @Test
  void scanRequests_forManyVpcs_goThroughOneClusterLevelRule() {
    for (int i = 0; i < 5; i++) {
      f.registerVpc(f.vpcWithInstances("10." + (20 + i), 1).get(0), tf[0], tf[1], false);
    }

    List<String> rules = f.events.listRules(b -> b.eventBusName(TriggerFixture.BUS)).rules().stream()
        .map(r -> r.name()).toList();

    assertThat(rules).containsExactly("mirrorflow-trig-scan-requests");
    assertThat(f.events.listRules(b -> b.eventBusName("default")).rules()).isEmpty();
  }

  @Test
  void triggers_whenListed_haveRetryPolicyAndDeadLetterQueue() {
    f.putStateChangeRule();
    List<String> rules = List.of("default/mirrorflow-trig-state-changes", TriggerFixture.BUS + "/mirrorflow-trig-scan-requests");
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
    var schedule = f.scheduler.getSchedule(b -> b.groupName("mirrorflow-trig").name(vpc));
    assertThat(schedule.target().arn()).isEqualTo(f.arn("scan-vpc"));
    assertThat(schedule.target().roleArn()).isEqualTo(TriggerFixture.SCHEDULER_ROLE_ARN);
    assertThat(schedule.target().deadLetterConfig().arn()).isEqualTo(TriggerFixture.DLQ_ARN);
    assertThat(schedule.target().retryPolicy().maximumRetryAttempts()).isPositive();
    assertThat(schedule.scheduleExpression()).isEqualTo("rate(1 minute)");
  }
}
