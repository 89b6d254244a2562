package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.scan.RunningReconcile;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PlanVpc's turn: it waits for an earlier overlapping reconcile, and hands its request back unchanged. */
class PlanVpcTurnTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-0000000000000000a";
  static final String ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:mirrorflow-blue-reconcile-vpc";
  static final Instant T0 = Instant.parse("2026-12-02T03:00:00Z");
  static final String FIRST = VPC + "-event-" + SUBNET + "-1";
  static final String SECOND = VPC + "-event-" + SUBNET + "-2";

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final FakeRegistry registry = new FakeRegistry().register("blue", VPC,
      VpcMirroringConfig.of("tmt-0000000000000000a", "tmf-0000000000000000a"));
  final List<RunningReconcile> running = new ArrayList<>(List.of(
      new RunningReconcile(SECOND, T0.plusSeconds(2)), new RunningReconcile(FIRST, T0)));
  final PlanVpcHandler handler = new PlanVpcHandler((arn, vpcId) -> List.copyOf(running), registry,
      Ec2Accounts.single(ec2), new EmbeddedMetrics(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()),
      AllowedMirrorResources.any(), Clock.fixed(T0.plusSeconds(10), ZoneOffset.UTC));

  static ObjectNode input(String name, String startTime) {
    ObjectNode in = StepJson.MAPPER.createObjectNode().put("cluster", "blue").put("vpcId", VPC)
        .put("notBefore", "2026-12-02T03:00:04Z");
    in.putArray("subnetIds").add(SUBNET);
    in.putObject("execution").put("name", name).put("startTime", startTime).put("stateMachineArn", ARN);
    return in;
  }

  @Test
  void handleRequest_whileAnEarlierReconcileOfTheSubnetRuns_answersWaitForWithItsRequestAndReadsNothing() {
    ec2.addInstanceEni(SUBNET, "m5.large");

    JsonNode out = Steps.invoke(handler, input(SECOND, "2026-12-02T03:00:02Z").toString());

    assertThat(out.get("waitFor").asText()).isEqualTo(FIRST);
    assertThat(out.get("waitSeconds").asLong()).as("8 s after its start: half of it").isEqualTo(4);
    assertThat(out.has("hasWork")).isFalse();
    assertThat(out.at("/request/subnetIds/0").asText()).isEqualTo(SUBNET);
    assertThat(out.at("/request/execution/name").asText()).isEqualTo(SECOND);
    assertThat(ec2.describeCalls).as("the subnet is read only when its turn comes").isZero();

    JsonNode again = Steps.invoke(handler, out.get("request").toString());
    assertThat(again.get("waitFor").asText()).as("the same request asks the same question").isEqualTo(FIRST);

    running.remove(1);
    JsonNode plan = Steps.invoke(handler, out.get("request").toString());
    assertThat(plan.has("waitFor")).isFalse();
    assertThat(plan.get("hasWork").asBoolean()).isTrue();
    assertThat(plan.at("/totals/create").asInt()).isEqualTo(1);
  }

  @Test
  void handleRequest_whenDryRunOrPurge_neverWaits() {
    ObjectNode dry = input(SECOND, "2026-12-02T03:00:02Z").put("dryRun", true);
    ObjectNode purge = input(SECOND, "2026-12-02T03:00:02Z").put("purge", true);

    assertThat(Steps.invoke(handler, dry.toString()).has("waitFor")).isFalse();
    assertThat(Steps.invoke(handler, purge.toString()).get("purge").asBoolean()).isTrue();
  }

  @Test
  void handleRequest_theFirstOfTheSubnet_plansAtOnce() {
    JsonNode out = Steps.invoke(handler, input(FIRST, "2026-12-02T03:00:00Z").toString());

    assertThat(out.has("waitFor")).isFalse();
    assertThat(out.has("hasWork")).isTrue();
  }

  @Test
  void handleRequest_whenItsTurnComesAndALaterReconcileOfTheSubnetRuns_handsOverWithoutReading() {
    ec2.addInstanceEni(SUBNET, "m5.large");
    running.clear();
    String third = VPC + "-event-" + SUBNET + "-3";
    running.addAll(List.of(new RunningReconcile(third, T0.plusSeconds(4)), new RunningReconcile(SECOND, T0.plusSeconds(2))));

    JsonNode out = Steps.invoke(handler, input(SECOND, "2026-12-02T03:00:02Z").toString());

    assertThat(out.get("handedOverTo").asText()).isEqualTo(third);
    assertThat(out.get("hasWork").asBoolean()).isFalse();
    assertThat(out.get("dryRun").asBoolean()).isFalse();
    assertThat(out.at("/totals/kept").asInt()).isZero();
    assertThat(out.at("/totals/skipped").isObject()).isTrue();
    assertThat(ec2.describeCalls).as("the later reconcile reads instead").isZero();
  }
}
