package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.ec2.Ec2Locator;
import dev.mirrorflow.activities.route.InstanceNotVisibleException;
import dev.mirrorflow.activities.route.MalformedEventException;
import dev.mirrorflow.activities.route.Coalescing;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RouteEvent: from AWS-shaped state-change events to a reconcile of the subnets involved, or a quiet no. */
class RouteEventHandlerTest {
  static final String VPC = "vpc-0123456789abcdef0";
  static final String SUBNET = "subnet-0123456789abcdef0";
  static final String OTHER_SUBNET = "subnet-0123456789abcdef1";
  static final String INSTANCE = "i-0123456789abcdef0";

  /** A locator over maps, counting calls. */
  static final class FakeLocator implements Ec2Locator {
    final Map<String, Placement> instances = new HashMap<>();
    final Map<String, String> subnets = new HashMap<>();
    int calls;
    RuntimeException failure;

    @Override
    public Optional<Placement> instance(String instanceId) {
      calls++;
      if (failure != null) {
        throw failure;
      }
      return Optional.ofNullable(instances.get(instanceId));
    }

    @Override
    public Map<String, Placement> launchedAround(java.time.Instant when) {
      return Map.of(); // lists nothing: each instance is asked for alone
    }

    @Override
    public Map<String, String> vpcsOfSubnets(Collection<String> subnetIds) {
      calls++;
      Map<String, String> out = new LinkedHashMap<>();
      subnetIds.stream().filter(subnets::containsKey).forEach(s -> out.put(s, subnets.get(s)));
      return out;
    }
  }

  /** Registrations by VPC; remembers which VPCs were asked about. */
  static final class FakeLookup implements VpcRegistry {
    final Map<String, RegistrationState> states = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public java.util.Optional<Registered> lookup(String cluster, String vpcId) {
      throw new AssertionError("the router reads only the registration's state");
    }

    @Override
    public RegistrationState state(String cluster, String vpcId) {
      asked.add(cluster + "/" + vpcId);
      return states.getOrDefault(vpcId, RegistrationState.NOT_REGISTERED);
    }
  }

  final FakeLocator ec2 = new FakeLocator();
  final FakeLookup registrations = new FakeLookup();
  /** 10:00:01 UTC: in the 2 s coalescing window [10:00:00, 10:00:02). */
  static final Instant NOW = Instant.parse("2026-12-01T10:00:01Z");
  final RouteEventHandler handler =
      new RouteEventHandler(ec2, registrations, new Coalescing(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(2)));

  static ObjectNode sample(String file) throws Exception {
    try (InputStream in = RouteEventHandlerTest.class.getResourceAsStream("/events/" + file)) {
      return (ObjectNode) StepJson.MAPPER.readTree(in);
    }
  }

  @Test
  void route_whenInstanceOfActiveVpcChanges_reconcilesItsSubnetsWithOneDescribe() throws Exception {
    ec2.instances.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET, OTHER_SUBNET)));
    registrations.states.put(VPC, RegistrationState.ACTIVE);

    JsonNode out = Steps.invoke(handler, sample("route-event-ec2.json"));

    assertThat(out.path("action").asText()).isEqualTo("reconcile");
    assertThat(out.path("vpcId").asText()).isEqualTo(VPC);
    assertThat(out.path("reconcileInput").path("subnetIds")).extracting(JsonNode::asText)
        .containsExactly(SUBNET, OTHER_SUBNET);
    assertThat(out.path("reconcileInput").path("cluster").asText()).isEqualTo("demo");
    assertThat(out.path("executionName").asText())
        .startsWith(VPC + "-event-s")
        .endsWith("-" + NOW.getEpochSecond() / 2)
        .hasSizeLessThanOrEqualTo(80);
    assertThat(out.path("reconcileInput").path("notBefore").asText()).isEqualTo("2026-12-01T10:00:02Z");
    assertThat(ec2.calls).isEqualTo(1);
    assertThat(registrations.asked).containsExactly("demo/" + VPC);
  }

  @Test
  void route_whenFargateTaskChanges_reconcilesTheSubnetOfItsEniAttachment() throws Exception {
    ec2.subnets.put(SUBNET, VPC);
    registrations.states.put(VPC, RegistrationState.ACTIVE);

    JsonNode out = Steps.invoke(handler, sample("route-event-ecs.json"));

    assertThat(out.path("action").asText()).isEqualTo("reconcile");
    assertThat(out.path("resource").asText()).contains(":task/");
    assertThat(out.path("subnetIds")).extracting(JsonNode::asText).containsExactly(SUBNET);
    assertThat(ec2.calls).isEqualTo(1);
  }

  @Test
  void route_whenVpcIsNotRegistered_ignoresTheEventAndSaysWhy() throws Exception {
    ec2.instances.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));

    JsonNode out = Steps.invoke(handler, sample("route-event-ec2.json"));

    assertThat(out.path("action").asText()).isEqualTo("ignore");
    assertThat(out.path("reason").asText()).isEqualTo("vpcNotRegistered");
    assertThat(out.has("reconcileInput")).isFalse();
  }

  @Test
  void route_whenVpcRegistrationIsDisabled_ignoresTheEvent() throws Exception {
    ec2.instances.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    registrations.states.put(VPC, RegistrationState.INACTIVE);

    assertThat(Steps.invoke(handler, sample("route-event-ec2.json")).path("reason").asText()).isEqualTo("vpcNotActive");
  }

  @Test
  void route_whenATerminatedInstanceIsGone_ignoresTheEventWithoutLookingUpAnyRegistration() throws Exception {
    ObjectNode input = sample("route-event-ec2.json");
    ((ObjectNode) input.path("event").path("detail")).put("state", "terminated");

    JsonNode out = Steps.invoke(handler, input);

    assertThat(out.path("reason").asText()).isEqualTo("instanceNotFound");
    assertThat(registrations.asked).isEmpty();
  }

  /**
   * EC2's API is eventually consistent: an instance its event says exists but EC2 does not describe
   * yet is asked about again (the workflow retries the named error); one shutting down or terminated
   * and not described is gone.
   */
  @ParameterizedTest(name = "state {0}, described: {1} -> {2}")
  @CsvSource({
      "pending, false, retry",
      "running, false, retry",
      "stopping, false, retry",
      "stopped, false, retry",
      "shutting-down, false, instanceNotFound",
      "terminated, false, instanceNotFound",
      "pending, true, vpcActive",
      "running, true, vpcActive",
      "terminated, true, vpcActive"})
  void route_whenTheInstanceIsOrIsNotDescribedYet_retriesOnlyWhatShouldExist(
      String state, boolean described, String expected) throws Exception {
    if (described) {
      ec2.instances.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    }
    registrations.states.put(VPC, RegistrationState.ACTIVE);
    ObjectNode input = sample("route-event-ec2.json");
    ((ObjectNode) input.path("event").path("detail")).put("state", state);

    if (expected.equals("retry")) {
      assertThatThrownBy(() -> Steps.invoke(handler, input))
          .isExactlyInstanceOf(InstanceNotVisibleException.class).hasMessageContaining(INSTANCE).hasMessageContaining(state);
    } else {
      assertThat(Steps.invoke(handler, input).path("reason").asText()).isEqualTo(expected);
    }
  }

  @Test
  void route_whenTaskHasNoEniAttachment_ignoresTheEventWithoutDescribing() throws Exception {
    ObjectNode input = sample("route-event-ecs.json");
    ((ObjectNode) input.path("event").path("detail")).putArray("attachments");

    assertThat(Steps.invoke(handler, input).path("reason").asText()).isEqualTo("noNetworkAttachment");
    assertThat(ec2.calls).isZero();
  }

  @Test
  void route_whenEc2IsThrottled_letsTheTransientErrorEscapeForTheStateMachineToRetry() throws Exception {
    ec2.failure = new TransientEc2Exception("RequestLimitExceeded", "throttled", null);

    assertThatThrownBy(() -> Steps.invoke(handler, sample("route-event-ec2.json")))
        .isInstanceOf(TransientEc2Exception.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"cluster\":\"demo\"}",
      "{\"cluster\":\"demo\",\"event\":\"not an object\"}",
      "{\"cluster\":\"demo\",\"event\":{\"id\":\"e-1\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\"}}",
      "{\"cluster\":\"demo\",\"event\":{\"id\":\"e-1\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{\"instance-id\":\"web-1\",\"state\":\"running\"}}}",
      "{\"cluster\":\"demo\",\"event\":{\"id\":\"e-1\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"detail\":{}}}",
      "{\"cluster\":\"demo\",\"event\":{\"id\":\"e 1\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{\"instance-id\":\"i-0123456789abcdef0\"}}}",
      "{\"cluster\":\"demo\",\"event\":{\"id\":\"e-1\",\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"taskArn\":\"task-1\",\"lastStatus\":\"RUNNING\"}}}",
      "{\"cluster\":\"demo\",\"event\":{\"id\":\"e-1\",\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"taskArn\":\"arn:aws:ecs:us-east-1:000000000000:task/c/1\",\"lastStatus\":\"RUNNING\",\"attachments\":[{\"type\":\"eni\",\"details\":[{\"name\":\"subnetId\",\"value\":\"sub\"}]}]}}}"
  })
  void route_whenEventIsMalformed_failsWithMalformedEventAndAsksNothing(String input) {
    assertThatThrownBy(() -> Steps.invoke(handler, input)).isInstanceOf(MalformedEventException.class);
    assertThat(ec2.calls).isZero();
    assertThat(registrations.asked).isEmpty();
  }
}
