package dev.mirrorflow.local.ec2;

import static dev.mirrorflow.local.ec2.Ec2InstancesTest.filter;
import static dev.mirrorflow.local.ec2.Ec2InstancesTest.tags;
import static dev.mirrorflow.local.ec2.SdkErrors.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;

/**
 * The visibility-lag knob: EC2's API is eventually consistent, so what was just made may not be
 * described yet and what was just deleted may still be. Driven through the real SDK client, with the
 * local clock jumped forward by hand past the lag.
 */
class Ec2VisibilityLagTest {
  static final Duration LAG = Duration.ofSeconds(5);

  private LocalEc2 local;
  private Ec2Client ec2;
  private Worlds w;
  private String targetId;
  private String filterId;

  @BeforeEach
  void start() {
    local = LocalEc2.start();
    ec2 = local.ec2;
    w = Worlds.vpcWithTwoSubnets(local.world);
    targetId = ec2.createTrafficMirrorTarget(b -> b.gatewayLoadBalancerEndpointId("vpce-0123456789abcdef0"))
        .trafficMirrorTarget().trafficMirrorTargetId();
    filterId = ec2.createTrafficMirrorFilter(b -> b.description("all")).trafficMirrorFilter().trafficMirrorFilterId();
    local.world.knobs().visibilityLag(LAG);
  }

  @AfterEach
  void stop() {
    local.close();
  }

  private void advance(Duration d) {
    local.cloud.clock().advance(d);
  }

  private List<String> sessionIdsOn(String eni) {
    return ec2.describeTrafficMirrorSessions(b -> b.filters(filter("network-interface-id", eni)))
        .trafficMirrorSessions().stream().map(TrafficMirrorSession::trafficMirrorSessionId).toList();
  }

  @Test
  void describe_whenASessionWasJustCreated_showsItOnlyAfterTheLag() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    advance(LAG);
    String session = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(targetId)
        .trafficMirrorFilterId(filterId).sessionNumber(1)
        .tagSpecifications(tags("traffic-mirror-session", "mirrorflow:cluster", "c1"))).trafficMirrorSession()
        .trafficMirrorSessionId();

    assertThat(sessionIdsOn(eni)).as("not yet described").isEmpty();
    assertThat(codeOf(() -> ec2.describeTrafficMirrorSessions(b -> b.trafficMirrorSessionIds(session))))
        .as("by id: not found, as AWS answers").isEqualTo("InvalidTrafficMirrorSessionId.NotFound");

    advance(LAG);

    assertThat(sessionIdsOn(eni)).containsExactly(session);
    assertThat(ec2.describeTrafficMirrorSessions(b -> b.filters(filter("tag:mirrorflow:cluster", "c1")))
        .trafficMirrorSessions()).extracting(TrafficMirrorSession::trafficMirrorSessionId).containsExactly(session);
  }

  @Test
  void describe_whenASessionWasJustDeleted_stillShowsItWithItsTagsUntilTheLagHasPassed() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String session = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(targetId)
        .trafficMirrorFilterId(filterId).sessionNumber(1)
        .tagSpecifications(tags("traffic-mirror-session", "mirrorflow:cluster", "c1"))).trafficMirrorSession()
        .trafficMirrorSessionId();
    advance(LAG);

    ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(session));

    assertThat(ec2.describeTrafficMirrorSessions(b -> b.filters(filter("tag:mirrorflow:cluster", "c1")))
        .trafficMirrorSessions()).singleElement().satisfies(s -> {
          assertThat(s.trafficMirrorSessionId()).isEqualTo(session);
          assertThat(s.tags()).anySatisfy(t -> assertThat(t.value()).isEqualTo("c1"));
        });
    assertThat(codeOf(() -> ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(session))))
        .as("calls that change things see the world as it is").isEqualTo("InvalidTrafficMirrorSessionId.NotFound");

    advance(LAG);

    assertThat(sessionIdsOn(eni)).isEmpty();
  }

  @Test
  void describe_whenAnInstanceWasJustLaunched_showsItAndItsEniOnlyAfterTheLag() {
    String instance = ec2.runInstances(b -> b.subnetId(w.subnetA).instanceType("m5.large").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    String eni = local.world.networkInterfaces().stream()
        .filter(n -> n.attachment() != null && n.attachment().instanceId().equals(instance)).findFirst().orElseThrow().id();

    assertThat(codeOf(() -> ec2.describeInstances(b -> b.instanceIds(instance))))
        .isEqualTo("InvalidInstanceID.NotFound");
    assertThat(ec2.describeNetworkInterfaces(b -> b.filters(filter("subnet-id", w.subnetA))).networkInterfaces())
        .noneMatch(n -> n.networkInterfaceId().equals(eni));

    advance(LAG);

    assertThat(ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0).instanceId())
        .isEqualTo(instance);
    assertThat(ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(eni)).networkInterfaces()).hasSize(1);
  }

  @Test
  void visibilityLag_whenZero_showsEverythingAtOnce() {
    local.world.knobs().visibilityLag(Duration.ZERO);
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String session = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(targetId)
        .trafficMirrorFilterId(filterId).sessionNumber(1)).trafficMirrorSession().trafficMirrorSessionId();

    assertThat(sessionIdsOn(eni)).containsExactly(session);
    ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(session));
    assertThat(sessionIdsOn(eni)).isEmpty();
  }
}
