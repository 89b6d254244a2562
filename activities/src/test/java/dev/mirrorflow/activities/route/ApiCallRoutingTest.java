package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.ec2.Ec2Locator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.testing.FakeRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** EC2 API calls delivered by CloudTrail: routed to the subnets they touch, never when Mirrorflow made them. */
class ApiCallRoutingTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VPC = "vpc-0123456789abcdef0";
  static final String OTHER_VPC = "vpc-0123456789abcdef1";
  static final String SUBNET = "subnet-0123456789abcdef0";
  static final String INSTANCE = "i-0123456789abcdef0";
  static final Instant NOW = Instant.parse("2026-12-01T10:00:01Z");

  final Map<String, Ec2Locator.Placement> instances = new HashMap<>();
  final Map<String, String> subnets = new HashMap<>();
  final List<String> located = new ArrayList<>();
  final Ec2Locator ec2 = new Ec2Locator() {
    @Override
    public Optional<Placement> instance(String instanceId) {
      located.add(instanceId);
      return Optional.ofNullable(instances.get(instanceId));
    }

    @Override
    public Map<String, Placement> launchedAround(java.time.Instant when) {
      return Map.of(); // lists nothing: each instance is asked for alone
    }

    @Override
    public Map<String, String> vpcsOfSubnets(Collection<String> subnetIds) {
      located.addAll(subnetIds);
      Map<String, String> out = new LinkedHashMap<>();
      subnetIds.stream().filter(subnets::containsKey).forEach(s -> out.put(s, subnets.get(s)));
      return out;
    }
  };
  final FakeRegistry registry = new FakeRegistry()
      .register("demo", VPC, VpcMirroringConfig.of("tmt-0123456789abcdef0", "tmf-0123456789abcdef0"))
      .register("demo", OTHER_VPC, VpcMirroringConfig.of("tmt-0123456789abcdef0", "tmf-0123456789abcdef0"));
  final List<String> listed = new ArrayList<>();
  final RegisteredVpcs registered = cluster -> {
    listed.add(cluster);
    return List.of(OTHER_VPC, VPC);
  };
  final EventRouter router = new EventRouter(ec2, registry,
      new Coalescing(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(2)), registered);

  static ObjectNode sample(String file) throws Exception {
    try (InputStream in = ApiCallRoutingTest.class.getResourceAsStream("/events/" + file)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  RouteDecision route(JsonNode request) {
    return router.route(new RouteEventRequest(request.path("cluster").asText(), request.path("event")));
  }

  @Test
  void route_whenEniAttachedToInstance_reconcilesTheInstanceSubnets() throws Exception {
    instances.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));

    RouteDecision decision = route(sample("route-event-cloudtrail-attach.json"));

    assertThat(decision.action()).isEqualTo(RouteDecision.RECONCILE);
    assertThat(decision.vpcId()).isEqualTo(VPC);
    assertThat(decision.subnetIds()).containsExactly(SUBNET);
    assertThat(decision.resource()).isEqualTo(INSTANCE);
    assertThat(decision.executionName()).isEqualTo(VPC + "-event-" + SUBNET + "-" + NOW.getEpochSecond() / 2);
    assertThat(located).containsExactly(INSTANCE);
  }

  @Test
  void route_whenNetworkInterfaceCreated_reconcilesItsSubnetByTheSubnetItNames() throws Exception {
    subnets.put(SUBNET, VPC);
    ObjectNode request = sample("route-event-cloudtrail-attach.json");
    ObjectNode detail = (ObjectNode) request.path("event").path("detail");
    detail.put("eventName", "CreateNetworkInterface");
    detail.putObject("requestParameters").put("subnetId", SUBNET);
    detail.putObject("responseElements").putObject("networkInterface")
        .put("networkInterfaceId", "eni-0123456789abcdef9").put("subnetId", SUBNET).put("vpcId", VPC);

    RouteDecision decision = route(request);

    assertThat(decision.action()).isEqualTo(RouteDecision.RECONCILE);
    assertThat(decision.subnetIds()).containsExactly(SUBNET);
    assertThat(located).containsExactly(SUBNET);
  }

  @Test
  void route_whenSessionDeletedByHand_reconcilesEveryRegisteredVpcWhole() throws Exception {
    RouteDecision decision = route(sample("route-event-cloudtrail-delete-session.json"));

    assertThat(decision.action()).isEqualTo(RouteDecision.RECONCILE_EACH);
    assertThat(decision.reason()).isEqualTo("notLocatable");
    long window = NOW.getEpochSecond() / 2;
    assertThat(decision.reconciles()).extracting(RouteDecision.Reconcile::executionName)
        .containsExactly(VPC + "-event-vpc-" + window, OTHER_VPC + "-event-vpc-" + window);
    assertThat(decision.reconciles()).allSatisfy(r -> {
      assertThat(r.reconcileInput().subnetIds()).as("the whole VPC").isNull();
      assertThat(r.reconcileInput().notBefore()).isEqualTo("2026-12-01T10:00:02Z");
    });
    assertThat(listed).containsExactly("demo");
    assertThat(located).isEmpty();
  }

  @Test
  void route_whenMirrorflowRoleDeletedTheSession_ignoresItWithoutAnyLookup() throws Exception {
    ObjectNode request = sample("route-event-cloudtrail-delete-session.json");
    ((ObjectNode) request.path("event").path("detail").path("userIdentity"))
        .put("arn", "arn:aws:sts::000000000000:assumed-role/mirrorflow-demo-us-east-1-activities/mirrorflow-demo-DeleteSessions");

    RouteDecision decision = route(request);

    assertThat(decision.action()).isEqualTo(RouteDecision.IGNORE);
    assertThat(decision.reason()).isEqualTo("ownCall");
    assertThat(listed).isEmpty();
    assertThat(located).isEmpty();
  }

  @Test
  void route_whenCallCarriesTheOwnershipTag_ignoresItAsOwn() throws Exception {
    ObjectNode request = sample("route-event-cloudtrail-attach.json");
    ObjectNode detail = (ObjectNode) request.path("event").path("detail");
    detail.put("eventName", "CreateTrafficMirrorSession");
    ArrayNode tags = detail.putObject("requestParameters").putObject("CreateTrafficMirrorSessionRequest")
        .put("NetworkInterfaceId", "eni-0123456789abcdef9").putObject("TagSpecification").putArray("items");
    tags.addObject().put("Key", "mirrorflow:cluster").put("Value", "demo");

    RouteDecision decision = route(request);

    assertThat(decision.reason()).isEqualTo("ownCall");
    assertThat(located).isEmpty();
  }

  @Test
  void route_whenCallIsNotOneThePatternAsksFor_ignoresIt() throws Exception {
    instances.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    ObjectNode request = sample("route-event-cloudtrail-attach.json");
    ((ObjectNode) request.path("event").path("detail")).put("eventName", "CreateTags");

    RouteDecision decision = route(request);

    assertThat(decision.reason()).isEqualTo("callNotRouted");
    assertThat(located).isEmpty();
  }

  @Test
  void route_whenCallFailed_ignoresIt() throws Exception {
    ObjectNode request = sample("route-event-cloudtrail-attach.json");
    ((ObjectNode) request.path("event").path("detail")).put("errorCode", "Client.InvalidInstanceID.NotFound");

    RouteDecision decision = route(request);

    assertThat(decision.reason()).isEqualTo("callFailed");
    assertThat(located).isEmpty();
  }

  @Test
  void route_whenAnotherRoleMerelyNamedLikeOurs_isNotMistakenForMirrorflow() throws Exception {
    instances.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    ObjectNode request = sample("route-event-cloudtrail-attach.json");
    ((ObjectNode) request.path("event").path("detail").path("userIdentity"))
        .put("arn", "arn:aws:iam::000000000000:user/mirrorflow-admin");

    assertThat(route(request).action()).isEqualTo(RouteDecision.RECONCILE);
  }
}
