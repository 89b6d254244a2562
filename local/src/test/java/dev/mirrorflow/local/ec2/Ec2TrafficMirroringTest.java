package dev.mirrorflow.local.ec2;

import static dev.mirrorflow.local.ec2.Ec2InstancesTest.filter;
import static dev.mirrorflow.local.ec2.Ec2InstancesTest.tags;
import static dev.mirrorflow.local.ec2.SdkErrors.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;

class Ec2TrafficMirroringTest {
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
    targetId = ec2.createTrafficMirrorTarget(b -> b.gatewayLoadBalancerEndpointId("vpce-0123456789abcdef0")
        .description("gwlbe")).trafficMirrorTarget().trafficMirrorTargetId();
    filterId = ec2.createTrafficMirrorFilter(b -> b.description("all")).trafficMirrorFilter().trafficMirrorFilterId();
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void createTrafficMirrorSession_whenValid_isDescribedWithItsFieldsAndTags() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");

    TrafficMirrorSession created = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni)
        .trafficMirrorTargetId(targetId).trafficMirrorFilterId(filterId).sessionNumber(7).virtualNetworkId(1234)
        .packetLength(128).description("owned")
        .tagSpecifications(tags("traffic-mirror-session", "mirrorflow:cluster", "c1"))).trafficMirrorSession();

    assertThat(created.networkInterfaceId()).isEqualTo(eni);
    assertThat(created.sessionNumber()).isEqualTo(7);
    assertThat(created.virtualNetworkId()).isEqualTo(1234);
    assertThat(created.packetLength()).isEqualTo(128);
    assertThat(created.ownerId()).isEqualTo("000000000000");
    assertThat(ec2.describeTrafficMirrorSessions(b -> b.trafficMirrorSessionIds(created.trafficMirrorSessionId()))
        .trafficMirrorSessions()).singleElement().isEqualTo(created);
  }

  @Test
  void createTrafficMirrorSession_whenTheTargetIsSharedByAnotherAccount_usesItAndTheSessionIsThisAccounts() {
    String hub = "111122223333";
    String shared = local.world.createTargetOwnedBy(hub, null, null,
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/capture/0123456789abcdef", null,
        "capture hub", Map.of()).id();
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");

    assertThat(ec2.describeTrafficMirrorTargets(b -> b.trafficMirrorTargetIds(shared)).trafficMirrorTargets())
        .singleElement().satisfies(t -> assertThat(t.ownerId()).isEqualTo(hub));
    assertThat(ec2.describeTrafficMirrorTargets(b -> b.filters(filter("owner-id", hub))).trafficMirrorTargets())
        .extracting(t -> t.trafficMirrorTargetId()).containsExactly(shared);
    TrafficMirrorSession created = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni)
        .trafficMirrorTargetId(shared).trafficMirrorFilterId(filterId).sessionNumber(1)).trafficMirrorSession();

    assertThat(created.trafficMirrorTargetId()).isEqualTo(shared);
    assertThat(created.ownerId()).as("the session belongs to the source's account").isEqualTo("000000000000");
  }

  @Test
  void createTrafficMirrorSession_whenVniAbsent_picksRandom24BitVnis() {
    List<Integer> vnis = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
      vnis.add(create(eni, 1).virtualNetworkId());
    }
    assertThat(vnis).allSatisfy(v -> assertThat(v).isBetween(0, 0xFFFFFF));
    assertThat(vnis.stream().distinct().count()).as("random VNIs rarely collide").isGreaterThan(1);
  }

  @Test
  void createTrafficMirrorSession_whenFourthOnOneEni_failsPerInterfaceLimit() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    create(eni, 1);
    create(eni, 2);
    create(eni, 3);
    assertThat(codeOf(() -> create(eni, 4))).isEqualTo("TrafficMirrorSessionsPerInterfaceLimitExceeded");
  }

  @Test
  void createTrafficMirrorSession_whenSessionNumberTakenOnSameEni_failsButOtherEniMayUseIt() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String other = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    create(eni, 5);
    assertThat(codeOf(() -> create(eni, 5))).isEqualTo("InvalidParameterValue");
    assertThat(create(other, 5).sessionNumber()).isEqualTo(5);
    assertThat(codeOf(() -> create(other, 0))).isEqualTo("InvalidParameterValue");
    assertThat(codeOf(() -> create(other, 32767))).isEqualTo("InvalidParameterValue");
  }

  @Test
  void createTrafficMirrorSession_whenAccountLimitReached_failsSessionLimit() {
    local.service.knobs().sessionLimit(2);
    create(Worlds.instanceEni(local.world, w.subnetA, "m5.large"), 1);
    create(Worlds.instanceEni(local.world, w.subnetA, "m5.large"), 1);
    String third = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    assertThat(codeOf(() -> create(third, 1))).isEqualTo("TrafficMirrorSessionLimitExceeded");
    local.service.knobs().sessionLimit(Ec2Knobs.DEFAULT_SESSION_LIMIT);
    assertThat(create(third, 1).networkInterfaceId()).isEqualTo(third);
  }

  @Test
  void createTrafficMirrorSession_whenEniIsNotAnInstanceInterface_failsNotSupported() {
    for (String type : List.of("lambda", "nat_gateway", "vpc_endpoint", "network_load_balancer",
        "gateway_load_balancer", "gateway_load_balancer_endpoint", "transit_gateway", "efa", "trunk")) {
      String eni = local.world.createNetworkInterface(Ec2World.NewNetworkInterface.of(w.subnetA, type, !type.equals("efa"))).id();
      assertThat(codeOf(() -> create(eni, 1))).as(type).isEqualTo("NetworkInterfaceNotSupported");
    }
  }

  @Test
  void createTrafficMirrorSession_whenInstanceTypeUnsupported_failsNotSupportedPerKnob() {
    String t2 = Worlds.instanceEni(local.world, w.subnetA, "t2.micro");
    String metal = Worlds.instanceEni(local.world, w.subnetA, "m5.metal");
    String c4 = Worlds.instanceEni(local.world, w.subnetA, "c4.large");
    assertThat(codeOf(() -> create(t2, 1))).isEqualTo("NetworkInterfaceNotSupported");
    assertThat(codeOf(() -> create(metal, 1))).isEqualTo("NetworkInterfaceNotSupported");
    create(c4, 1);

    local.service.knobs().unsupportedInstanceTypes(List.of("c4.*"));
    String anotherC4 = Worlds.instanceEni(local.world, w.subnetA, "c4.large");
    assertThat(codeOf(() -> create(anotherC4, 1))).isEqualTo("NetworkInterfaceNotSupported");
    assertThat(create(t2, 1).networkInterfaceId()).isEqualTo(t2);
  }

  @Test
  void createTrafficMirrorSession_whenModernFamilyOnThePagesSupportedList_acceptsItAndOthersToo() {
    // The current page lists these as supported; an older copy called them "not available" (this test
    // expected NetworkInterfaceNotSupported for m7i, c7i and m8g before).
    for (String type : List.of("m7i.large", "m7i-flex.large", "c7i.xlarge", "c7g.medium", "r7iz.large", "i4i.large",
        "p5.48xlarge", "hpc6a.48xlarge", "m8g.medium", "m5.large", "m8i.large", "x1e.xlarge")) {
      String eni = Worlds.instanceEni(local.world, w.subnetA, type);
      assertThat(create(eni, 1).networkInterfaceId()).as(type).isEqualTo(eni);
    }
    String metal = Worlds.instanceEni(local.world, w.subnetA, "m7i.metal-24xl");
    assertThat(codeOf(() -> create(metal, 1))).as("bare metal of a listed family").isEqualTo("NetworkInterfaceNotSupported");
  }

  @Test
  void seed_whenScenarioReplacesTheUnsupportedTypes_refusesByItsRule() {
    local.service.seed(Scenario.parse("{\"mirroringUnsupportedInstanceTypes\":[\"zz9.*\"]}"));
    String zz9 = Worlds.instanceEni(local.world, w.subnetA, "zz9.large");
    String t2 = Worlds.instanceEni(local.world, w.subnetA, "t2.micro");

    assertThat(codeOf(() -> create(zz9, 1))).isEqualTo("NetworkInterfaceNotSupported");
    assertThat(create(t2, 1).networkInterfaceId()).as("the scenario's rule replaced the documented one").isEqualTo(t2);
  }

  @Test
  void seed_whenScenarioRefusesMoreTypes_keepsTheDocumentedRuleAndRefusesThoseToo() {
    local.service.seed(Scenario.parse("{\"mirroringRefusedInstanceTypes\":[\"m8i.*\"]}"));
    String m8i = Worlds.instanceEni(local.world, w.subnetA, "m8i.large");
    String t2 = Worlds.instanceEni(local.world, w.subnetA, "t2.micro");
    String m7i = Worlds.instanceEni(local.world, w.subnetA, "m7i.large");

    assertThat(codeOf(() -> create(m8i, 1))).isEqualTo("NetworkInterfaceNotSupported");
    assertThat(codeOf(() -> create(t2, 1))).isEqualTo("NetworkInterfaceNotSupported");
    assertThat(create(m7i, 1).networkInterfaceId()).isEqualTo(m7i);
  }

  @Test
  void createTrafficMirrorSession_whenTargetIsAnNlbAndNoPacketLength_readsBack8500() {
    String nlb = ec2.createTrafficMirrorTarget(b -> b.networkLoadBalancerArn(
        "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/capture/0123456789abcdef"))
        .trafficMirrorTarget().trafficMirrorTargetId();
    String a = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String b2 = Worlds.instanceEni(local.world, w.subnetA, "m5.large");

    TrafficMirrorSession toNlb = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(a)
        .trafficMirrorTargetId(nlb).trafficMirrorFilterId(filterId).sessionNumber(1)).trafficMirrorSession();
    TrafficMirrorSession toGwlbe = create(b2, 1);

    assertThat(toNlb.packetLength()).isEqualTo(8500);
    assertThat(ec2.describeTrafficMirrorSessions(b -> b.trafficMirrorSessionIds(toNlb.trafficMirrorSessionId()))
        .trafficMirrorSessions()).singleElement().satisfies(s -> assertThat(s.packetLength()).isEqualTo(8500));
    assertThat(toGwlbe.packetLength()).as("other targets: the whole packet").isNull();
    assertThat(codeOf(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(b2)
        .trafficMirrorTargetId(nlb).trafficMirrorFilterId(filterId).sessionNumber(2).packetLength(8501))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void createTrafficMirrorSession_whenSourceIsAnyTargetsEni_isRefused() {
    String appliance = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(appliance));

    assertThat(codeOf(() -> create(appliance, 1))).isEqualTo("InvalidParameterValue");
  }

  @Test
  void createTrafficMirrorSession_whenTokenReusedAfterTheSessionWasDeleted_answersTheDeletedSession() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String first = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(targetId)
        .trafficMirrorFilterId(filterId).sessionNumber(1).clientToken("tok-1")).trafficMirrorSession()
        .trafficMirrorSessionId();
    ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(first));

    String again = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(targetId)
        .trafficMirrorFilterId(filterId).sessionNumber(1).clientToken("tok-1")).trafficMirrorSession()
        .trafficMirrorSessionId();

    assertThat(again).isEqualTo(first);
    assertThat(ec2.describeTrafficMirrorSessions(b -> b.filters(f -> f.name("network-interface-id").values(eni)))
        .trafficMirrorSessions()).as("nothing exists: EC2 answered from the token").isEmpty();
  }

  @Test
  void createTrafficMirrorSession_whenReferencesUnknown_failsNotFound() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    assertThat(codeOf(() -> create("eni-0123456789abcdef0", 1))).isEqualTo("InvalidNetworkInterfaceID.NotFound");
    assertThat(codeOf(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni)
        .trafficMirrorTargetId("tmt-0123456789abcdef0").trafficMirrorFilterId(filterId).sessionNumber(1))))
        .isEqualTo("InvalidTrafficMirrorTargetId.NotFound");
    assertThat(codeOf(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni)
        .trafficMirrorTargetId(targetId).trafficMirrorFilterId("tmf-0123456789abcdef0").sessionNumber(1))))
        .isEqualTo("InvalidTrafficMirrorFilterId.NotFound");
    assertThat(codeOf(() -> ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId("tms-0123456789abcdef0"))))
        .isEqualTo("InvalidTrafficMirrorSessionId.NotFound");
  }

  @Test
  void deleteNetworkInterface_whenEniHasSessions_deletesThem() {
    String eni = ec2.createNetworkInterface(b -> b.subnetId(w.subnetA)).networkInterface().networkInterfaceId();
    String kept = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    create(eni, 1);
    create(eni, 2);
    String keptSession = create(kept, 1).trafficMirrorSessionId();

    ec2.deleteNetworkInterface(b -> b.networkInterfaceId(eni));

    assertThat(ec2.describeTrafficMirrorSessions(b -> {}).trafficMirrorSessions())
        .extracting(TrafficMirrorSession::trafficMirrorSessionId).containsExactly(keptSession);
  }

  @Test
  void deleteTrafficMirrorTargetAndFilter_whenInUse_failDependencyViolationUntilSessionGone() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String sessionId = create(eni, 1).trafficMirrorSessionId();

    assertThat(codeOf(() -> ec2.deleteTrafficMirrorTarget(b -> b.trafficMirrorTargetId(targetId))))
        .isEqualTo("DependencyViolation");
    assertThat(codeOf(() -> ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(filterId))))
        .isEqualTo("DependencyViolation");
    ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(sessionId));
    assertThat(ec2.deleteTrafficMirrorTarget(b -> b.trafficMirrorTargetId(targetId)).trafficMirrorTargetId())
        .isEqualTo(targetId);
    ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(filterId));
    assertThat(ec2.describeTrafficMirrorTargets(b -> {}).trafficMirrorTargets()).isEmpty();
    assertThat(ec2.describeTrafficMirrorFilters(b -> {}).trafficMirrorFilters()).isEmpty();
  }

  @Test
  void createTrafficMirrorSession_whenClientTokenRepeated_returnsSameSessionOrFailsMismatch() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    CreateTrafficMirrorSessionRequest request = CreateTrafficMirrorSessionRequest.builder().networkInterfaceId(eni)
        .trafficMirrorTargetId(targetId).trafficMirrorFilterId(filterId).sessionNumber(1).clientToken("token-1")
        .tagSpecifications(tags("traffic-mirror-session", "mirrorflow:cluster", "c1")).build();

    var first = ec2.createTrafficMirrorSession(request).trafficMirrorSession();
    var again = ec2.createTrafficMirrorSession(request);

    assertThat(again.trafficMirrorSession().trafficMirrorSessionId()).isEqualTo(first.trafficMirrorSessionId());
    assertThat(again.clientToken()).isEqualTo("token-1");
    assertThat(local.world.sessions()).hasSize(1);
    assertThat(codeOf(() -> ec2.createTrafficMirrorSession(request.toBuilder().sessionNumber(2).build())))
        .isEqualTo("IdempotentParameterMismatch");
    assertThat(local.world.sessions()).hasSize(1);
  }

  @Test
  void createTrafficMirrorSession_whenInstanceTargetHasTooManySources_failsSourcesPerTarget() {
    local.service.knobs().targetSourceLimit(2);
    String sensorEni = Worlds.instanceEni(local.world, w.subnetA, "c5n.large");
    String instanceTarget = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(sensorEni)).trafficMirrorTarget()
        .trafficMirrorTargetId();
    String a = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String b2 = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String c = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    createTo(instanceTarget, a, 1);
    createTo(instanceTarget, b2, 1);
    createTo(instanceTarget, a, 2);

    assertThat(codeOf(() -> createTo(instanceTarget, c, 1))).isEqualTo("TrafficMirrorSourcesPerTargetLimitExceeded");
    assertThat(create(c, 1).trafficMirrorTargetId()).as("a GWLB endpoint target takes any number").isEqualTo(targetId);
  }

  @Test
  void describeTrafficMirrorSessions_whenFiltered_matchesEachFilter() {
    String eni1 = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String eni2 = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    String otherTarget = ec2.createTrafficMirrorTarget(b -> b.networkLoadBalancerArn(
        "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/capture/0123456789abcdef"))
        .trafficMirrorTarget().trafficMirrorTargetId();
    String otherFilter = ec2.createTrafficMirrorFilter(b -> {}).trafficMirrorFilter().trafficMirrorFilterId();
    String s1 = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni1).trafficMirrorTargetId(targetId)
        .trafficMirrorFilterId(filterId).sessionNumber(1).virtualNetworkId(100).packetLength(64).description("first")
        .tagSpecifications(tags("traffic-mirror-session", "mirrorflow:cluster", "c1"))).trafficMirrorSession()
        .trafficMirrorSessionId();
    String s2 = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni2).trafficMirrorTargetId(otherTarget)
        .trafficMirrorFilterId(otherFilter).sessionNumber(2).virtualNetworkId(200).description("second")
        .tagSpecifications(tags("traffic-mirror-session", "mirrorflow:cluster", "c2"))).trafficMirrorSession()
        .trafficMirrorSessionId();

    assertThat(sessions(filter("traffic-mirror-session-id", s1))).containsExactly(s1);
    assertThat(sessions(filter("network-interface-id", eni2))).containsExactly(s2);
    assertThat(sessions(filter("traffic-mirror-target-id", otherTarget))).containsExactly(s2);
    assertThat(sessions(filter("traffic-mirror-filter-id", filterId))).containsExactly(s1);
    assertThat(sessions(filter("session-number", "2"))).containsExactly(s2);
    assertThat(sessions(filter("virtual-network-id", "100"))).containsExactly(s1);
    assertThat(sessions(filter("owner-id", "000000000000"))).containsExactlyInAnyOrder(s1, s2);
    assertThat(sessions(filter("description", "sec*"))).containsExactly(s2);
    assertThat(sessions(filter("packet-length", "64"))).containsExactly(s1);
    assertThat(sessions(filter("tag:mirrorflow:cluster", "c1"))).containsExactly(s1);
    assertThat(sessions(filter("tag:mirrorflow:cluster", "c1", "c2"), filter("network-interface-id", eni1)))
        .containsExactly(s1);
    assertThat(sessions(filter("tag:mirrorflow:cluster", "c3"))).isEmpty();
  }

  @Test
  void describeTrafficMirrorSessions_whenPaged_returnsEverySessionOnce() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      created.add(create(Worlds.instanceEni(local.world, w.subnetA, "m5.large"), 1).trafficMirrorSessionId());
    }
    var first = ec2.describeTrafficMirrorSessions(b -> b.maxResults(5));
    assertThat(first.trafficMirrorSessions()).hasSize(5);
    assertThat(first.nextToken()).isNotNull();
    List<String> all = ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(5)).trafficMirrorSessions()
        .stream().map(TrafficMirrorSession::trafficMirrorSessionId).toList();
    assertThat(all).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
  }

  @Test
  void describeTrafficMirrorTargetsAndFilters_whenFiltered_matchByIdAndAttributes() {
    String eni = ec2.createNetworkInterface(b -> b.subnetId(w.subnetA)).networkInterface().networkInterfaceId();
    String eniTarget = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(eni)
        .tagSpecifications(tags("traffic-mirror-target", "kind", "sensor"))).trafficMirrorTarget().trafficMirrorTargetId();
    ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filterId).trafficDirection("egress").ruleNumber(10)
        .ruleAction("reject").protocol(17).sourceCidrBlock("10.0.0.0/8").destinationCidrBlock("0.0.0.0/0"));

    assertThat(ec2.describeTrafficMirrorTargets(b -> b.filters(filter("network-interface-id", eni))).trafficMirrorTargets())
        .singleElement().satisfies(t -> {
          assertThat(t.trafficMirrorTargetId()).isEqualTo(eniTarget);
          assertThat(t.typeAsString()).isEqualTo("network-interface");
        });
    assertThat(ec2.describeTrafficMirrorTargets(b -> b.filters(filter("tag:kind", "sensor"))).trafficMirrorTargets())
        .hasSize(1);
    assertThat(ec2.describeTrafficMirrorTargets(b -> b.trafficMirrorTargetIds(targetId)).trafficMirrorTargets()
        .get(0).gatewayLoadBalancerEndpointId()).isEqualTo("vpce-0123456789abcdef0");
    assertThat(ec2.describeTrafficMirrorFilters(b -> b.filters(filter("traffic-mirror-filter-id", filterId)))
        .trafficMirrorFilters()).singleElement().satisfies(f -> {
          assertThat(f.egressFilterRules()).singleElement().satisfies(r -> {
            assertThat(r.ruleNumber()).isEqualTo(10);
            assertThat(r.protocol()).isEqualTo(17);
            assertThat(r.ruleActionAsString()).isEqualTo("reject");
          });
          assertThat(f.ingressFilterRules()).isEmpty();
        });
    assertThat(codeOf(() -> ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(eni)
        .gatewayLoadBalancerEndpointId("vpce-0123456789abcdef0")))).isEqualTo("InvalidParameterValue");
  }

  @Test
  void createDeleteDescribeTags_whenUsedOnSessions_changeTags() {
    String sessionId = create(Worlds.instanceEni(local.world, w.subnetA, "m5.large"), 1).trafficMirrorSessionId();

    ec2.createTags(b -> b.resources(sessionId, targetId).tags(t -> t.key("env").value("test"), t -> t.key("x").value("1")));
    assertThat(ec2.describeTags(b -> b.filters(filter("resource-id", sessionId))).tags())
        .extracting(t -> t.key() + "=" + t.value() + "@" + t.resourceTypeAsString())
        .containsExactlyInAnyOrder("env=test@traffic-mirror-session", "x=1@traffic-mirror-session");
    ec2.deleteTags(b -> b.resources(sessionId).tags(t -> t.key("x")));
    ec2.deleteTags(b -> b.resources(sessionId).tags(t -> t.key("env").value("other")));
    assertThat(local.world.tags(sessionId)).containsExactly(Map.entry("env", "test"));
    assertThat(ec2.describeTags(b -> b.filters(filter("key", "env"), filter("resource-type", "traffic-mirror-target")))
        .tags()).extracting(t -> t.resourceId()).containsExactly(targetId);
    assertThat(codeOf(() -> ec2.createTags(b -> b.resources("tms-0123456789abcdef0").tags(t -> t.key("a").value("b")))))
        .isEqualTo("InvalidTrafficMirrorSessionId.NotFound");
  }

  private TrafficMirrorSession create(String eni, int sessionNumber) {
    return createTo(targetId, eni, sessionNumber);
  }

  private TrafficMirrorSession createTo(String target, String eni, int sessionNumber) {
    return ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(target)
        .trafficMirrorFilterId(filterId).sessionNumber(sessionNumber)).trafficMirrorSession();
  }

  private List<String> sessions(Filter... filters) {
    return ec2.describeTrafficMirrorSessions(b -> b.filters(filters)).trafficMirrorSessions().stream()
        .map(TrafficMirrorSession::trafficMirrorSessionId).toList();
  }
}
