package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcNotRegisteredException;
import dev.mirrorflow.activities.scan.RunningReconcile;
import dev.mirrorflow.activities.scan.RunningReconciles;
import dev.mirrorflow.activities.scan.TransientStepFunctionsException;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PlanScan: stand aside while the VPC reconciles; else plan and name only the subnets with work. */
class PlanScanHandlerTest {
  static final String VPC = "vpc-00000000000000001";
  static final String TARGET = "tmt-0000000000000000a";
  static final String FILTER = "tmf-0000000000000000a";

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final FakeRegistry registry = new FakeRegistry().register("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER));
  static final String RECONCILE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:mirrorflow-blue-reconcile-vpc";

  /** Running reconcile executions by name, as ListExecutions(RUNNING) would list them; counts calls. */
  final List<String> running = new ArrayList<>();
  final List<String> asked = new ArrayList<>();
  RuntimeException listFailure;
  final RunningReconciles reconciles = (arn, vpcId) -> {
    asked.add(arn);
    if (listFailure != null) {
      throw listFailure;
    }
    return running.stream().filter(n -> n.startsWith(vpcId + "-"))
        .map(n -> new RunningReconcile(n, Instant.EPOCH)).toList();
  };
  final PlanScanHandler handler = new PlanScanHandler(reconciles, registry, ec2,
      new EmbeddedMetrics(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));

  static ObjectNode input() {
    ObjectNode in = StepJson.MAPPER.createObjectNode().put("cluster", "blue").put("vpcId", VPC)
        .put("scanName", "4d7c9a0e-0000-4000-8000-000000000001").put("reconcileStateMachineArn", RECONCILE_ARN);
    in.set("config", StepJson.MAPPER.createObjectNode().put("targetId", TARGET).put("filterId", FILTER));
    return in;
  }

  @Test
  void scan_whenSomeSubnetsHaveWork_startsAReconcileOfJustThose() {
    ec2.addInstanceEni("subnet-00000000000000001", "m5.large");
    ec2.addEni("subnet-00000000000000002", "lambda", true, null, Map.of());

    running.add("vpc-00000000000000002-scan-x");

    JsonNode out = Steps.invoke(handler, input());

    assertThat(out.path("action").asText()).isEqualTo("reconcile");
    assertThat(out.path("subnetIds")).extracting(JsonNode::asText).containsExactly("subnet-00000000000000001");
    assertThat(out.path("reconcileInput").path("subnetIds")).isEqualTo(out.path("subnetIds"));
    assertThat(out.path("reconcileInput").path("vpcId").asText()).isEqualTo(VPC);
    assertThat(out.path("executionName").asText())
        .isEqualTo(VPC + "-scan-4d7c9a0e-0000-4000-8000-000000000001").hasSizeLessThanOrEqualTo(80);
    assertThat(out.path("totals").path("create").asInt()).isEqualTo(1);
  }

  @Test
  void scan_whenScanNameHasCharactersExecutionNamesRefuse_replacesThemAndKeeps80Characters() {
    ec2.addInstanceEni("subnet-00000000000000001", "m5.large");

    JsonNode out = Steps.invoke(handler, input().put("scanName", "a:b/c" + "x".repeat(100)));

    assertThat(out.path("executionName").asText()).startsWith(VPC + "-scan-a-b-c").hasSize(80).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void scan_whenNothingToDo_answersNone() {
    ec2.addEni("subnet-00000000000000002", "nat_gateway", true, null, Map.of());

    JsonNode out = Steps.invoke(handler, input());

    assertThat(out.path("action").asText()).isEqualTo("none");
    assertThat(out.has("executionName")).isFalse();
    assertThat(out.path("totals").path("skipped").path("notInterfaceType").asInt()).isEqualTo(1);
  }

  @Test
  void scan_whenAReconcileOfTheVpcRuns_standsAsideWithoutDescribing() {
    ec2.addInstanceEni("subnet-00000000000000001", "m5.large");

    running.addAll(List.of("vpc-00000000000000002-scan-1", VPC + "-add-vpc-7"));

    JsonNode out = Steps.invoke(handler, input());

    assertThat(out.path("action").asText()).isEqualTo("alreadyReconciling");
    assertThat(out.path("reconciling").asText()).isEqualTo(VPC + "-add-vpc-7");
    assertThat(ec2.describeCalls).isZero();
    assertThat(asked).containsExactly(RECONCILE_ARN);
  }

  @Test
  void scan_whenStepFunctionsIsThrottled_letsTheTransientErrorEscapeBeforeAnyDescribe() {
    listFailure = new TransientStepFunctionsException("throttled", null);

    assertThatThrownBy(() -> Steps.invoke(handler, input())).isInstanceOf(TransientStepFunctionsException.class);
    assertThat(ec2.describeCalls).isZero();
  }

  @Test
  void scan_whenVpcIsNotRegistered_failsWithVpcNotRegistered() {
    ObjectNode in = input().put("vpcId", "vpc-00000000000000003");

    assertThatThrownBy(() -> Steps.invoke(handler, in)).isInstanceOf(VpcNotRegisteredException.class);
  }

  @Test
  void scan_whenStateMachineArnOrScanNameIsMissing_failsWithInvalidInput() {
    ObjectNode in = input();
    in.remove("reconcileStateMachineArn");

    assertThatThrownBy(() -> Steps.invoke(handler, in)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Steps.invoke(handler, input().put("reconcileStateMachineArn", "reconcile-vpc")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Steps.invoke(handler, input().put("scanName", " "))).isInstanceOf(InvalidInputException.class);
  }
}
