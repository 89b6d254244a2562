package dev.mirrorflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the table's bounds and costs (fast: nothing is started). */
class FiguresTest {

  @Test
  void lowerBoundSeconds_whenMoreCreatesThanTheBurst_refillsTheRestAtTheBucketsRate() {
    Ec2Knobs.Bucket b = Ec2Knobs.DEFAULT_MUTATING_BUCKET;

    assertThat(BulkConvergence.lowerBoundSeconds(b.capacity())).isZero();
    assertThat(BulkConvergence.lowerBoundSeconds(b.capacity() + 50)).isEqualTo(50 / b.refillPerSecond());
  }

  @Test
  void pages_whenCountsStraddleAPage_roundUpAndNeverGoBelowOne() {
    assertThat(IdleScan.pages(0)).isEqualTo(1);
    assertThat(IdleScan.pages(1000)).isEqualTo(1);
    assertThat(IdleScan.pages(1001)).isEqualTo(2);
  }

  @Test
  void monthlyCost_whenOneScanIsOneInvocation_addsLambdaAndWorkflowPerRun() {
    ObjectNode idle = new ObjectMapper().createObjectNode().put("workflow", "scan-vpc")
        .put("lambdaInvocations", 1.0).put("lambdaMillis", 500.0).put("stateTransitions", 4.0).put("wallMillis", 550.0);

    ObjectNode cost = MonthlyCost.of(idle, "EXPRESS");

    double runs = MonthlyCost.RUNS_PER_MONTH;
    assertThat(cost.path("lambdaUsd").asDouble()).isCloseTo(
        runs * (MonthlyCost.LAMBDA_PER_REQUEST + 0.5 * MonthlyCost.LAMBDA_ARM_PER_GB_SECOND), within(1e-9));
    assertThat(cost.path("expressWorkflowUsd").asDouble()).as("billed per 100 ms: 0.6 s").isCloseTo(
        runs * (MonthlyCost.EXPRESS_PER_REQUEST + 0.6 * MonthlyCost.EXPRESS_MEMORY_GB * MonthlyCost.EXPRESS_PER_GB_SECOND),
        within(1e-9));
    assertThat(cost.path("standardWorkflowUsd").asDouble())
        .isCloseTo(runs * 4 * MonthlyCost.STANDARD_PER_TRANSITION, within(1e-9));
    assertThat(cost.path("deployedType").asText()).isEqualTo("EXPRESS");
  }

  @Test
  void median_whenEvenCount_averagesTheMiddleTwo() {
    assertThat(ColdStart.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(ColdStart.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
  }
}
