package dev.mirrorflow.local.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.RecordingEvents;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Ec2Service;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.LocalEc2Exception;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.http.LocalServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Simulated Fargate tasks: task ENIs shaped as ECS shapes them, and ECS Task State Change events. */
class LocalEcsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  LocalServer server;
  RecordingEvents events;
  Ec2Service ec2;
  LocalEcs ecs;
  String vpc;
  String subnet;

  @BeforeEach
  void start() throws IOException {
    server = LocalServer.create(0);
    events = new RecordingEvents();
    ec2 = Ec2Service.create(LocalClock.create()).eventSink(server);
    ecs = new LocalEcs(ec2, server, "us-east-1", "000000000000");
    server.register(ec2).register(new EcsAdmin(ecs)).register(events);
    server.start();
    Ec2World world = ec2.world();
    vpc = world.createVpc(null, "10.0.0.0/16", Map.of()).id();
    subnet = world.createSubnet(null, vpc, "10.0.1.0/24", "us-east-1a", Map.of()).id();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void runTask_whenSubnetExists_createsARequesterManagedEcsEniAndEmitsProvisioningPendingRunning() {
    EcsTask task = ecs.runTask("web-cluster", "web", subnet);

    NetworkInterface eni = ec2.world().networkInterface(task.networkInterfaceId()).orElseThrow();
    assertThat(eni.interfaceType()).isEqualTo("interface");
    assertThat(eni.requesterManaged()).isTrue();
    assertThat(eni.description()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:attachment/" + task.attachmentId());
    assertThat(eni.attachment()).isNull();
    assertThat(eni.subnetId()).isEqualTo(subnet);
    assertThat(task.taskArn()).startsWith("arn:aws:ecs:us-east-1:000000000000:task/web-cluster/");

    List<JsonNode> details = events.details("aws.ecs");
    assertThat(details).extracting(d -> d.get("lastStatus").asText()).containsExactly("PROVISIONING", "PENDING", "RUNNING");
    assertThat(events.entries).allSatisfy(e -> {
      assertThat(e.get("DetailType").asText()).isEqualTo("ECS Task State Change");
      assertThat(e.get("Resources").get(0).asText()).isEqualTo(task.taskArn());
    });
    JsonNode running = details.get(2);
    JsonNode attachment = running.get("attachments").get(0);
    assertThat(attachment.get("type").asText()).isEqualTo("eni");
    assertThat(attachment.get("status").asText()).isEqualTo("ATTACHED");
    assertThat(pairs(attachment)).containsEntry("subnetId", subnet)
        .containsEntry("networkInterfaceId", eni.id())
        .containsEntry("macAddress", eni.macAddress())
        .containsEntry("privateIPv4Address", eni.privateIpAddress());
    assertThat(running.get("taskArn").asText()).isEqualTo(task.taskArn());
    assertThat(running.get("launchType").asText()).isEqualTo("FARGATE");
    assertThat(pairs(details.get(0).get("attachments").get(0))).containsOnlyKeys("subnetId");
  }

  @Test
  void stopTask_whenRunning_deletesItsEniAndEmitsDeprovisioningStopped() {
    EcsTask task = ecs.runTask(null, null, subnet);
    String target = ec2.world().createTarget(null, null, null, "vpce-0123456789abcdef0", "t", Map.of()).id();
    String filter = ec2.world().createFilter(null, "f", Map.of()).id();
    // A Fargate task's ENI is requester-managed: only RDS's and ElastiCache's can be mirror sources.
    assertThatThrownBy(() -> ec2.world().createSession(new Ec2World.NewSession(
        null, task.networkInterfaceId(), target, filter, 1, 7, null, null, Map.of())))
        .isInstanceOfSatisfying(dev.mirrorflow.local.ec2.LocalEc2Exception.class,
            e -> assertThat(e.code()).isEqualTo("NetworkInterfaceNotSupported"));
    events.entries.clear();

    EcsTask stopped = ecs.stopTask(task.taskId(), "scaled in");

    assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
    assertThat(stopped.stoppedReason()).isEqualTo("scaled in");
    assertThat(ec2.world().networkInterface(task.networkInterfaceId())).isEmpty();
    assertThat(ec2.world().sessions()).isEmpty();
    assertThat(events.details("aws.ecs")).extracting(d -> d.get("lastStatus").asText())
        .containsExactly("DEPROVISIONING", "STOPPED");
    assertThat(ecs.stopTask(task.taskArn(), null)).isEqualTo(stopped);
  }

  @Test
  void stateChangeEventsKnob_whenOff_silencesBothEc2AndEcsButChangesStillHappen() {
    ec2.knobs().stateChangeEvents(false);

    EcsTask task = ecs.runTask(null, null, subnet);
    ec2.world().runInstances(subnet, "m5.large", 1, Map.of(), Map.of());

    assertThat(ec2.world().networkInterface(task.networkInterfaceId())).isPresent();
    assertThat(ec2.world().instances()).hasSize(1);
    assertThat(events.entries).isEmpty();

    ec2.knobs().reset();
    ecs.stopTask(task.taskArn(), null);
    assertThat(events.details("aws.ecs")).hasSize(2);
  }

  @Test
  void runTask_whenSubnetIsUnknown_failsWithSubnetNotFound() {
    assertThatThrownBy(() -> ecs.runTask(null, null, "subnet-0000000000000dead"))
        .isInstanceOf(LocalEc2Exception.class).hasMessageContaining("subnet-0000000000000dead");
    assertThat(events.entries).isEmpty();
  }

  @Test
  void adminRoutes_whenCalledOverHttp_runListAndStopTasks() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI base = server.endpoint().resolve(EcsAdmin.PREFIX);

    HttpResponse<String> run = http.send(HttpRequest.newBuilder(base.resolve("tasks"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"subnetId\":\"" + subnet + "\",\"family\":\"api\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    JsonNode task = JSON.readTree(run.body());
    assertThat(task.get("lastStatus").asText()).isEqualTo("RUNNING");
    String taskId = task.get("taskArn").asText().substring(task.get("taskArn").asText().lastIndexOf('/') + 1);

    HttpResponse<String> list = http.send(HttpRequest.newBuilder(base.resolve("tasks")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(list.body()).get("tasks")).hasSize(1);

    HttpResponse<String> stop = http.send(HttpRequest.newBuilder(base.resolve("tasks/" + taskId + "?reason=done"))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
    assertThat(JSON.readTree(stop.body()).get("lastStatus").asText()).isEqualTo("STOPPED");
    assertThat(ec2.world().networkInterface(task.get("networkInterfaceId").asText())).isEmpty();

    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("tasks"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(base.resolve("tasks/nope")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  static Map<String, String> pairs(JsonNode attachment) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    attachment.get("details").forEach(p -> out.put(p.get("name").asText(), p.get("value").asText()));
    return out;
  }
}
