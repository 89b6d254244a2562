package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.ec2.CloudTrailEvents;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.events.RecentEvents;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The CloudTrail event path end to end: EC2 API calls that no state-change event announces reach the
 * cluster's state-change rule as "AWS API Call via CloudTrail" events and start a reconcile, while
 * Mirrorflow's own calls never do. The VPC's scheduled scan is pushed a day away, so whatever is
 * mirrored here was mirrored by an event.
 */
class CloudTrailEventsEndToEndTest {
  static final Duration WITHIN = Duration.ofMinutes(2);
  /** Someone at the console: an access key that is not the steps'. */
  static final String OPERATOR_KEY = "AKIAOPERATOR0000TEST";

  TriggerFixture f;
  Ec2Client operator;
  String vpc;
  List<String> subnets;
  String[] targetAndFilter;

  @BeforeEach
  void start() {
    f = TriggerFixture.start(4);
    operator = LocalClients.ec2As(f.cloud.endpoint(), OPERATOR_KEY);
    targetAndFilter = f.targetAndFilter();
    List<String> ids = f.eventDrivenVpc("10.7", 2, targetAndFilter, true);
    vpc = ids.get(0);
    subnets = ids.subList(1, ids.size());
    f.awaitDeliveries();
    f.awaitAll("event-router");
  }

  @AfterEach
  void stop() {
    operator.close();
    f.close();
  }

  @Test
  void attachNetworkInterface_whenAttachedToRunningInstance_isMirroredWithoutTheScan() {
    String instance = f.world().instances().stream().filter(i -> i.subnetId().equals(subnets.get(0)))
        .findFirst().orElseThrow().id();
    String eni = operator.createNetworkInterface(b -> b.subnetId(subnets.get(0))).networkInterface().networkInterfaceId();
    operator.attachNetworkInterface(b -> b.networkInterfaceId(eni).instanceId(instance).deviceIndex(1));

    MirrorSession session = f.await("an owned session on the attached " + eni, WITHIN,
        () -> f.ownedSessionsOn(eni).stream().findFirst());

    assertThat(session.targetId()).isEqualTo(targetAndFilter[0]);
    assertThat(f.executions("scan-vpc")).as("no scan ran").isEmpty();
    assertThat(routedCalls()).contains("AttachNetworkInterface");
    f.awaitAll("reconcile-vpc");
    assertThat(f.ownedSessionsOn(eni)).hasSize(1);
  }

  @Test
  void modifyInstanceAttribute_whenTypeChanged_reconcilesTheInstanceSubnet() {
    String instance = f.world().instances().stream().filter(i -> i.subnetId().equals(subnets.get(1)))
        .findFirst().orElseThrow().id();
    operator.stopInstances(b -> b.instanceIds(instance));
    f.awaitDeliveries();
    int routedBefore = f.awaitAll("event-router").size();

    operator.modifyInstanceAttribute(b -> b.instanceId(instance).instanceType(t -> t.value("c5.large")));
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router");

    assertThat(routed.subList(routedBefore, routed.size())).singleElement().satisfies(e -> {
      assertThat(TriggerFixture.read(e.input()).path("detail").path("eventName").asText()).isEqualTo("ModifyInstanceAttribute");
      JsonNode out = TriggerFixture.read(e.output().orElseThrow());
      assertThat(out.path("action").asText()).isEqualTo("reconcile");
      assertThat(out.path("subnetIds")).extracting(JsonNode::asText).containsExactly(subnets.get(1));
    });
  }

  @Test
  void deleteTrafficMirrorSession_whenDeletedByHand_comesBackWithoutTheScan() {
    String eni = f.primaryEni(f.world().instances().stream().filter(i -> i.subnetId().equals(subnets.get(1)))
        .findFirst().orElseThrow().id());
    MirrorSession before = f.ownedSessionsOn(eni).get(0);

    operator.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(before.id()));

    MirrorSession healed = f.await("a new owned session on " + eni, WITHIN,
        () -> f.ownedSessionsOn(eni).stream().filter(s -> !s.id().equals(before.id())).findFirst());
    assertThat(healed.targetId()).isEqualTo(before.targetId());
    assertThat(f.executions("scan-vpc")).as("no scan ran").isEmpty();
    assertThat(f.executions("reconcile-vpc")).extracting(Execution::name)
        .anyMatch(n -> n.startsWith(vpc + "-event-vpc-"));
    f.awaitAll("reconcile-vpc");
    assertThat(f.ownedSessionsOn(eni)).hasSize(1);
  }

  @Test
  void deleteTrafficMirrorSession_whenMirrorflowDeletes_startsNoReconcile() {
    List<MirrorSession> old = f.ownedSessionsIn(vpc);
    assertThat(old).isNotEmpty();
    String newTarget = f.world().createTarget(null, null, null, "vpce-0aaaabbbbccccdddd", "new endpoint", Map.of()).id();
    f.cloud.registerVpc(f.deployment, new VpcRegistration(TriggerFixture.CLUSTER, vpc,
        VpcMirroringConfig.of(newTarget, targetAndFilter[1])), f.cloud.clock().instant().plus(Duration.ofDays(1)));
    int routersBefore = f.executions("event-router").size();
    int reconcilesBefore = f.executions("reconcile-vpc").size();
    long trailBefore = f.cloud.ec2().cloudTrail().delivered();

    // Mirrorflow itself replaces every session: deletes the old ones, creates new ones.
    JsonNode summary = f.reconcile(vpc, vpc + "-retarget");
    f.awaitDeliveries();

    assertThat(summary.path("deleted").asInt()).isEqualTo(old.size());
    assertThat(f.ownedSessionsIn(vpc)).allSatisfy(s -> assertThat(s.targetId()).isEqualTo(newTarget));
    assertThat(f.cloud.ec2().cloudTrail().delivered() - trailBefore).as("the trail saw Mirrorflow's calls")
        .isGreaterThanOrEqualTo(2L * old.size());
    List<RecentEvents.Entry> ownDeletes = f.cloud.events().recentEvents().entries().stream()
        .filter(e -> CloudTrailEvents.DETAIL_TYPE.equals(e.event().path("detail-type").asText()))
        .filter(e -> e.event().path("detail").path("eventName").asText().equals("DeleteTrafficMirrorSession"))
        .toList();
    assertThat(ownDeletes).as("Mirrorflow's deletes reached the bus").hasSize(old.size())
        .allSatisfy(e -> {
          assertThat(e.event().path("detail").path("userIdentity").path("arn").asText())
              .startsWith("arn:aws:sts::000000000000:assumed-role/mirrorflow-" + TriggerFixture.CLUSTER + "-activities/");
          assertThat(e.matches()).as("the state-change rule leaves them out").isEmpty();
        });
    assertThat(f.executions("event-router")).as("no event-router started").hasSize(routersBefore);
    assertThat(f.executions("reconcile-vpc")).as("only the reconcile we started").hasSize(reconcilesBefore + 1);
  }

  /** The eventName of every CloudTrail event the event router was started with. */
  private List<String> routedCalls() {
    f.awaitDeliveries();
    return f.awaitAll("event-router").stream()
        .map(e -> TriggerFixture.read(e.input()).path("detail").path("eventName").asText())
        .filter(n -> !n.isEmpty())
        .toList();
  }
}
