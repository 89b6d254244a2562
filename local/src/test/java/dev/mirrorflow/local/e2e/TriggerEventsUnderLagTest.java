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

/**
 * The event path when EC2 describes a just-launched instance only seconds later (eventual
 * consistency, the local cloud's visibility lag): the event is not dropped as {@code instanceNotFound};
 * the router asks again with the state machine's Retry and reconciles the subnet before the first scan.
 */
class TriggerEventsUnderLagTest {
  static final Duration LAG = Duration.ofSeconds(6);
  static final String NOT_VISIBLE = "dev.mirrorflow.activities.route.InstanceNotVisibleException";

  TriggerFixture f;
  String vpc;
  List<String> subnets;

  @BeforeEach
  void start() throws InterruptedException {
    f = TriggerFixture.start(4);
    String[] targetAndFilter = f.targetAndFilter();
    List<String> ids = f.vpcWithInstances("10.3", 1);
    vpc = ids.get(0);
    subnets = ids.subList(1, ids.size());
    f.putStateChangeRule();
    f.registerVpc(vpc, targetAndFilter[0], targetAndFilter[1], true);
    f.awaitDeliveries();
    f.awaitAll("event-router");
    f.world().knobs().visibilityLag(LAG);
    // The VPC existed before: only what happens from now on is described late.
    f.cloud.clock().sleep(LAG.plusSeconds(1));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void runInstances_whenEc2DescribesTheInstanceOnlyAfterALag_theEventStillReconcilesItsSubnet() {
    int routedBefore = f.executions("event-router").size();

    String instance = f.ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("m5.large")
        .minCount(1).maxCount(1).subnetId(subnets.get(0))).instances().get(0).instanceId();
    String eni = f.primaryEni(instance);

    MirrorSession session = f.await("an owned session on " + eni + " made by the event path",
        TriggerEventsTest.BEFORE_FIRST_SCAN, () -> f.ownedSessionsOn(eni).stream().findFirst());
    assertThat(session.networkInterfaceId()).isEqualTo(eni);
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router").subList(routedBefore, f.executions("event-router").size());
    Execution launched = routed.stream()
        .filter(e -> e.history().stream().anyMatch(h -> h.toString().contains(NOT_VISIBLE)))
        .findFirst().orElseThrow(() -> new AssertionError("no router execution met the lag: " + routed.size()));
    assertThat(launched.status().name()).isEqualTo("SUCCEEDED");
    JsonNode out = TriggerFixture.read(launched.output().orElseThrow());
    assertThat(out.path("action").asText()).as("retried, not dropped: %s", out).isEqualTo("reconcile");
    assertThat(f.executions("reconcile-vpc")).extracting(Execution::name)
        .anyMatch(n -> n.startsWith(vpc + "-event-"))
        .noneMatch(n -> n.startsWith(vpc + "-scan-"));
    f.awaitAll("reconcile-vpc");
    assertThat(f.ownedSessionsOn(eni)).hasSize(1);
  }
}
