package dev.mirrorflow.activities.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.Ec2Locator;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.HandClock;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The leaving events of an instance the router saw launch (shutting-down, terminated) are routed
 * from its memory: no describe, and a terminated instance, which EC2 describes without a network,
 * still reaches its subnet's reconcile.
 */
class LeavingInstanceRoutingTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VPC = "vpc-0123456789abcdef0";
  static final String SUBNET = "subnet-0123456789abcdef0";
  static final String INSTANCE = "i-0123456789abcdef0";

  final HandClock clock = new HandClock(Instant.parse("2026-11-21T12:00:01Z"));
  final RecordingLocator ec2 = new RecordingLocator();
  final List<String> calls = ec2.calls;
  final EventRouter router = new EventRouter(new CachingEc2Locator(ec2, clock, CachingEc2Locator.DEFAULT_TTL),
      new FakeRegistry().register("demo", VPC, VpcMirroringConfig.of("tmt-0123456789abcdef0", "tmf-0123456789abcdef0")),
      new Coalescing(clock, Duration.ofSeconds(2)), cluster -> List.of(VPC));

  RouteDecision route(String state) throws Exception {
    try (InputStream in = LeavingInstanceRoutingTest.class.getResourceAsStream("/events/route-event-ec2.json")) {
      ObjectNode request = (ObjectNode) JSON.readTree(in);
      ((ObjectNode) request.path("event").path("detail")).put("state", state);
      return router.route(new RouteEventRequest(request.path("cluster").asText(), request.path("event")));
    }
  }

  @Test
  void route_whenAnInstanceSeenAtLaunchTerminatesLater_reconcilesItsSubnetWithoutADescribe() throws Exception {
    ec2.described.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    ec2.launched.put(INSTANCE, new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    assertThat(route("running").subnetIds()).containsExactly(SUBNET);

    clock.advance(Duration.ofMinutes(20));
    ec2.described.clear(); // terminated: no longer in a VPC
    ec2.launched.clear();
    RouteDecision shuttingDown = route("shutting-down");
    RouteDecision terminated = route("terminated");

    assertThat(shuttingDown.subnetIds()).containsExactly(SUBNET);
    assertThat(terminated.subnetIds()).containsExactly(SUBNET);
    assertThat(calls).containsExactly("DescribeInstances launch-time");
  }

  @Test
  void route_whenAnUnseenInstanceTerminates_asksEc2AndIgnoresWhatIsGone() throws Exception {
    RouteDecision terminated = route("terminated");

    assertThat(terminated.reason()).isEqualTo("instanceNotFound");
    assertThat(calls).containsExactly("DescribeInstances " + INSTANCE);
  }
}
