package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.RecordingEvents;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ec2EventsTest {

  @Test
  void instanceLifecycle_whenEventSinkServesPutEvents_emitsEveryStateChangeInOrder() {
    LocalServer server = LocalServer.create(0);
    RecordingEvents events = new RecordingEvents();
    Ec2Service ec2 = Ec2Service.create(LocalClock.create()).eventSink(server);
    server.register(ec2).register(events);
    Worlds w = Worlds.vpcWithTwoSubnets(ec2.world());

    String id = ec2.world().runInstances(w.subnetA, "m5.large", 1, Map.of(), Map.of()).get(0).id();
    ec2.world().stopInstances(List.of(id));
    ec2.world().startInstances(List.of(id));
    ec2.world().terminateInstances(List.of(id));

    assertThat(states(events)).containsExactly(
        "pending", "running", "stopping", "stopped", "pending", "running", "shutting-down", "terminated");
    JsonNode first = events.entries.get(0);
    assertThat(first.get("Source").asText()).isEqualTo("aws.ec2");
    assertThat(first.get("DetailType").asText()).isEqualTo("EC2 Instance State-change Notification");
    assertThat(first.get("EventBusName").asText()).isEqualTo("default");
    assertThat(first.get("Resources").get(0).asText()).isEqualTo("arn:aws:ec2:us-east-1:000000000000:instance/" + id);
    assertThat(RecordingEvents.detail(first).get("instance-id").asText()).isEqualTo(id);
  }

  @Test
  void runInstances_whenNothingServesPutEvents_ignoresTheMissingBus() {
    try (LocalEc2 local = LocalEc2.start()) {
      Worlds w = Worlds.vpcWithTwoSubnets(local.world);
      var run = local.ec2.runInstances(b -> b.subnetId(w.subnetA).instanceType("m5.large").minCount(1).maxCount(1));
      assertThat(run.instances()).hasSize(1);
      local.ec2.terminateInstances(b -> b.instanceIds(run.instances().get(0).instanceId()));
    }
  }

  @Test
  void seed_whenScenarioHasInstances_emitsNoEvents() {
    LocalServer server = LocalServer.create(0);
    RecordingEvents events = new RecordingEvents();
    Ec2Service ec2 = Ec2Service.create(LocalClock.create()).eventSink(server);
    server.register(ec2).register(events);

    ec2.seed(Scenario.parse("""
        {"vpcs":[{"ref":"v","cidrBlock":"10.0.0.0/16"}],
         "subnets":[{"ref":"s","vpc":"v","cidrBlock":"10.0.1.0/24"}],
         "instances":[{"subnet":"s"}]}"""));

    assertThat(ec2.world().instances()).hasSize(1);
    assertThat(events.entries).isEmpty();
  }

  private static List<String> states(RecordingEvents events) {
    return events.entries.stream().map(e -> RecordingEvents.detail(e).get("state").asText()).toList();
  }
}
