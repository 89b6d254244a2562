package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.ecs.EcsTask;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * The event path end to end: EC2 instance and ECS task state changes on the default bus, the
 * cluster's state-change rule, the event-router workflow with the real RouteEvent step, and
 * reconcile-vpc of just the subnets involved. The clock runs at twice real time, so the first
 * scheduled scan of a VPC comes a virtual minute after its registration: anything done within
 * the first {@link #BEFORE_FIRST_SCAN} was done by an event.
 */
class TriggerEventsTest {
  static final Duration BEFORE_FIRST_SCAN = Duration.ofSeconds(40);

  TriggerFixture f;
  String vpc;
  List<String> subnets;
  String[] targetAndFilter;

  @BeforeEach
  void start() {
    f = TriggerFixture.start(2);
    targetAndFilter = f.targetAndFilter();
    List<String> ids = f.vpcWithInstances("10.1", 2);
    vpc = ids.get(0);
    subnets = ids.subList(1, ids.size());
    f.putStateChangeRule();
    f.registerVpc(vpc, targetAndFilter[0], targetAndFilter[1], true);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void runInstances_whenVpcIsRegistered_getsItsSessionThroughTheEventPathWithinSeconds() {
    Instant virtualStart = f.cloud.clock().instant();
    long realStart = System.nanoTime();

    RunInstancesResponse run = f.ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("m5.large")
        .minCount(1).maxCount(1).subnetId(subnets.get(1)));
    String instance = run.instances().get(0).instanceId();
    String eni = f.primaryEni(instance);

    MirrorSession session = f.await("an owned session on " + eni, BEFORE_FIRST_SCAN,
        () -> f.ownedSessionsOn(eni).stream().findFirst());
    Duration virtual = Duration.between(virtualStart, f.cloud.clock().instant());
    long realMillis = (System.nanoTime() - realStart) / 1_000_000;
    System.out.printf("event-to-session latency: %d ms of the local clock (x%.0f), %d ms real%n",
        virtual.toMillis(), f.cloud.clock().speed(), realMillis);

    assertThat(session.targetId()).isEqualTo(targetAndFilter[0]);
    assertThat(f.world().tags(session.id())).containsEntry("mirrorflow:subnet", subnets.get(1));
    List<Execution> reconciles = f.executions("reconcile-vpc");
    assertThat(reconciles).extracting(Execution::name)
        .anyMatch(n -> n.startsWith(vpc + "-event-"))
        .noneMatch(n -> n.startsWith(vpc + "-scan-"));
    Execution byEvent = reconciles.stream().filter(e -> e.name().startsWith(vpc + "-event-")).findFirst().orElseThrow();
    assertThat(TriggerFixture.read(byEvent.input()).path("subnetIds")).extracting(JsonNode::asText)
        .containsExactly(subnets.get(1));
    f.awaitAll("reconcile-vpc");
    assertThat(f.ownedSessionsOn(eni)).hasSize(1);
  }

  @Test
  void runTask_whenFargateTaskStartsAndStops_reconcilesItsSubnetAndNeverMirrorsItsEni() {
    EcsTask task = f.cloud.ecs().runTask("web-cluster", "web", subnets.get(0));

    NetworkInterface eni = f.world().networkInterface(task.networkInterfaceId()).orElseThrow();
    assertThat(eni.interfaceType()).isEqualTo("interface");
    assertThat(eni.requesterManaged()).isTrue();
    assertThat(eni.description()).startsWith("arn:aws:ecs:us-east-1:000000000000:attachment/");
    assertThat(task.lastStatus()).isEqualTo("RUNNING");

    Execution reconcile = f.await("a reconcile of " + subnets.get(0) + " started by the task's events", BEFORE_FIRST_SCAN,
        () -> f.executions("reconcile-vpc").stream().filter(e -> e.name().startsWith(vpc + "-event-")).findFirst());
    Execution done = reconcile.await(Duration.ofMinutes(1));
    assertThat(done.status().name()).isEqualTo("SUCCEEDED");
    assertThat(TriggerFixture.read(done.input()).path("subnetIds")).extracting(JsonNode::asText)
        .containsExactly(subnets.get(0));
    assertThat(TriggerFixture.read(done.output().orElseThrow()).path("skipped").path("requesterManaged").asInt())
        .isEqualTo(1);
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router");
    assertThat(routed).extracting(e -> TriggerFixture.read(e.output().orElseThrow()).path("action").asText())
        .containsOnly("reconcile");

    EcsTask stopped = f.cloud.ecs().stopTask(task.taskArn(), "scaled in");
    assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
    assertThat(f.world().networkInterface(task.networkInterfaceId())).isEmpty();
    f.awaitDeliveries();
    assertThat(f.awaitAll("event-router")).hasSize(routed.size() + 2)
        .allSatisfy(e -> assertThat(e.status().name()).isEqualTo("SUCCEEDED"));
    assertThat(f.ownedSessionsOn(task.networkInterfaceId())).isEmpty();
  }

  @Test
  void runInstances_whenVpcIsNotRegistered_endsQuietlyAndChangesNothing() {
    List<String> other = f.vpcWithInstances("10.2", 1);
    f.awaitDeliveries();
    int reconcilesBefore = f.executions("reconcile-vpc").size();

    f.ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("m5.large")
        .minCount(1).maxCount(1).subnetId(other.get(1)));
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router");

    assertThat(routed).isNotEmpty().allSatisfy(e -> {
      assertThat(e.status().name()).isEqualTo("SUCCEEDED");
      JsonNode out = TriggerFixture.read(e.output().orElseThrow());
      assertThat(out.path("action").asText()).isEqualTo("ignore");
      assertThat(out.path("reason").asText()).isEqualTo("vpcNotRegistered");
      assertThat(out.path("vpcId").asText()).isEqualTo(other.get(0));
    });
    assertThat(f.executions("reconcile-vpc")).hasSize(reconcilesBefore);
    assertThat(f.ownedSessionsIn(other.get(0))).isEmpty();
  }

  @Test
  void runInstances_whenRegistrationIsDisabled_endsQuietlyAsNotActive() {
    f.disableRegistration(vpc);
    f.awaitDeliveries();
    int reconcilesBefore = f.executions("reconcile-vpc").size();
    int routedBefore = f.executions("event-router").size();

    String instance = f.ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("m5.large")
        .minCount(1).maxCount(1).subnetId(subnets.get(0))).instances().get(0).instanceId();
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router");

    assertThat(routed.subList(routedBefore, routed.size())).isNotEmpty().allSatisfy(e ->
        assertThat(TriggerFixture.read(e.output().orElseThrow()).path("reason").asText()).isEqualTo("vpcNotActive"));
    assertThat(f.executions("reconcile-vpc")).hasSize(reconcilesBefore);
    assertThat(f.ownedSessionsOn(f.primaryEni(instance))).isEmpty();
  }

  @Test
  void putEvents_whenStateChangeIsMalformed_failsWithMalformedEventAndChangesNothing() {
    f.awaitDeliveries();
    int reconcilesBefore = f.executions("reconcile-vpc").size();
    int routedBefore = f.executions("event-router").size();
    List<MirrorSession> sessionsBefore = f.world().sessions();

    var answer = f.events.putEvents(b -> b.entries(e -> e.source("aws.ec2")
        .detailType("EC2 Instance State-change Notification").detail("{\"instance-id\":\"web-1\",\"state\":\"running\"}")));
    assertThat(answer.failedEntryCount()).isZero();
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router");

    assertThat(routed).hasSize(routedBefore + 1);
    Execution failed = routed.get(routed.size() - 1);
    assertThat(failed.status().name()).isEqualTo("FAILED");
    assertThat(failed.error()).contains("dev.mirrorflow.activities.route.MalformedEventException");
    assertThat(failed.cause().orElseThrow()).contains("instance-id");
    assertThat(f.executions("reconcile-vpc")).hasSize(reconcilesBefore);
    assertThat(f.world().sessions()).isEqualTo(sessionsBefore);
  }
}
