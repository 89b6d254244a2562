package dev.mirrorflow.activities.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.Ec2Locator;
import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.testing.HandClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** An event storm's events name a few reconciles: one per subnets and window, with the same input. */
class CoalescingTest {
  static final String VPC = "vpc-0123456789abcdef0";
  static final String SUBNET = "subnet-0123456789abcdef0";
  static final String OTHER_SUBNET = "subnet-0123456789abcdef1";
  static final ObjectMapper JSON = new ObjectMapper();

  final HandClock clock = new HandClock(Instant.parse("2026-12-01T10:00:00.100Z"));
  final Map<String, Ec2Locator.Placement> instances = new HashMap<>();
  final int[] describes = {0};
  final int[] lookups = {0};
  final Ec2Locator ec2 = new Ec2Locator() {
    @Override
    public Optional<Placement> instance(String instanceId) {
      describes[0]++;
      return Optional.ofNullable(instances.get(instanceId));
    }

    @Override
    public Map<String, Placement> launchedAround(java.time.Instant when) {
      return Map.of(); // lists nothing: each instance is asked for alone
    }

    @Override
    public Map<String, String> vpcsOfSubnets(java.util.Collection<String> subnetIds) {
      throw new AssertionError("no task events here");
    }
  };
  final VpcRegistry registry = states((cluster, vpcId) -> {
    lookups[0]++;
    return RegistrationState.ACTIVE;
  });

  /** A registry that answers only the router's question (the state), never a full lookup. */
  static VpcRegistry states(BiFunction<String, String, RegistrationState> state) {
    return new VpcRegistry() {
      @Override
      public Optional<Registered> lookup(String cluster, String vpcId) {
        throw new AssertionError("the router reads only the registration's state");
      }

      @Override
      public RegistrationState state(String cluster, String vpcId) {
        return state.apply(cluster, vpcId);
      }
    };
  }

  static RouteEventRequest event(String id, String instanceId, String state) {
    ObjectNode e = JSON.createObjectNode().put("version", "0").put("id", id)
        .put("detail-type", "EC2 Instance State-change Notification").put("source", "aws.ec2")
        .put("account", "000000000000").put("time", "2026-12-01T10:00:00Z").put("region", "us-east-1");
    e.putArray("resources").add("arn:aws:ec2:us-east-1:000000000000:instance/" + instanceId);
    e.putObject("detail").put("instance-id", instanceId).put("state", state);
    return new RouteEventRequest("demo", e);
  }

  static String id(int n) {
    return String.format("i-%017x", n);
  }

  EventRouter router() {
    return new EventRouter(ec2, registry, new Coalescing(clock, Duration.ofSeconds(2)));
  }

  @Test
  void route_whenABurstInOneSubnetArrivesWithinAWindow_namesOneReconcileWithOneInput() {
    EventRouter router = router();
    for (int i = 0; i < 10; i++) {
      instances.put(id(i), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    }
    RouteDecision first = router.route(event("e-0", id(0), "pending"));
    for (int i = 1; i < 10; i++) {
      clock.advance(Duration.ofMillis(150));
      RouteDecision next = router.route(event("e-" + i, id(i), i % 2 == 0 ? "pending" : "running"));
      assertThat(next.executionName()).isEqualTo(first.executionName());
      assertThat(next.reconcileInput()).isEqualTo(first.reconcileInput());
    }
    assertThat(first.executionName()).isEqualTo(VPC + "-event-" + SUBNET + "-" + (Instant.parse("2026-12-01T10:00:00Z").getEpochSecond() / 2));
    assertThat(first.reconcileInput().notBefore()).isEqualTo("2026-12-01T10:00:02Z");
    assertThat(first.reconcileInput().subnetIds()).containsExactly(SUBNET);
  }

  @Test
  void route_whenTheWindowHasClosed_namesTheNextWindowsReconcile() {
    EventRouter router = router();
    instances.put(id(1), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    instances.put(id(2), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    RouteDecision early = router.route(event("e-1", id(1), "pending"));
    clock.advance(Duration.ofSeconds(2));
    RouteDecision late = router.route(event("e-2", id(2), "pending"));

    assertThat(late.executionName()).isNotEqualTo(early.executionName());
    assertThat(Instant.parse(late.reconcileInput().notBefore()))
        .isEqualTo(Instant.parse(early.reconcileInput().notBefore()).plusSeconds(2));
  }

  @Test
  void route_whenSubnetsDiffer_namesSeparateReconciles() {
    EventRouter router = router();
    instances.put(id(1), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    instances.put(id(2), new Ec2Locator.Placement(VPC, Set.of(OTHER_SUBNET)));
    instances.put(id(3), new Ec2Locator.Placement(VPC, Set.of(SUBNET, OTHER_SUBNET)));

    List<String> names = List.of(id(1), id(2), id(3)).stream()
        .map(i -> router.route(event("e-" + i, i, "running")).executionName()).toList();

    assertThat(names).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(80)
        .matches("[A-Za-z0-9_-]+"));
  }

  @Test
  void route_whenOneInstancesEventsArriveInABurst_describesItAndLooksUpTheVpcOnce() {
    EventRouter router = new EventRouter(new CachingEc2Locator(ec2, clock, Duration.ofSeconds(10)),
        new CachingRegistry(registry, clock, Duration.ofSeconds(10)), new Coalescing(clock, Duration.ofSeconds(2)));
    instances.put(id(1), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    instances.put(id(2), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));

    router.route(event("e-1", id(1), "pending"));
    router.route(event("e-2", id(1), "running"));
    router.route(event("e-3", id(2), "pending"));
    router.route(event("e-4", id(2), "running"));

    assertThat(describes[0]).isEqualTo(2);
    assertThat(lookups[0]).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    router.route(event("e-5", id(2), "stopping"));
    assertThat(describes[0]).as("a leaving instance's placement is remembered longer").isEqualTo(2);
    assertThat(lookups[0]).isEqualTo(2);
    router.route(event("e-6", id(2), "running"));
    assertThat(describes[0]).as("a (re)started one is looked for again").isEqualTo(3);
  }

  @Test
  void route_whenTheInstanceIsNotDescribedYet_asksAgainNextTime() {
    EventRouter router = new EventRouter(new CachingEc2Locator(ec2, clock, Duration.ofSeconds(10)), registry,
        new Coalescing(clock, Duration.ofSeconds(2)));

    assertThatThrownBy(() -> router.route(event("e-1", id(1), "pending"))).isInstanceOf(InstanceNotVisibleException.class);
    instances.put(id(1), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    assertThat(router.route(event("e-2", id(1), "pending")).action()).isEqualTo(RouteDecision.RECONCILE);
    assertThat(describes[0]).isEqualTo(2);
  }

  @Test
  void registrations_whenTheVpcIsNotActive_areAskedEveryTime() {
    int[] asked = {0};
    VpcRegistry none = states((c, v) -> {
      asked[0]++;
      return RegistrationState.NOT_REGISTERED;
    });
    CachingRegistry cached = new CachingRegistry(none, clock, Duration.ofSeconds(10));
    cached.state("demo", VPC);
    cached.state("demo", VPC);
    assertThat(asked[0]).isEqualTo(2);
  }

  @Test
  void coalescing_whenTheWindowIsNotWholeSeconds_failsNamed() {
    assertThatThrownBy(() -> new Coalescing(clock, Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Coalescing(clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
