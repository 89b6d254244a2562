package dev.mirrorflow.activities.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DescribeBudgetPlanTest {

  @Test
  void perInstanceRate_timesEveryReservedInstance_isTheShareOfTheRefill() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.of(0.25, 20);
    double cluster = DescribeBudgetPlan.STEPS.entrySet().stream()
        .mapToDouble(e -> e.getValue().reservedConcurrency() * plan.rate(e.getKey())).sum();
    assertThat(cluster).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(plan.totalBurst()).isGreaterThanOrEqualTo(plan.totalReserved()).isLessThanOrEqualTo(25);
  }

  @Test
  void rate_isWeighted_theWholeVpcReadersAboveTheRouter() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    assertThat(plan.rate("PlanVpc")).isEqualTo(plan.rate("PlanScan")).isEqualTo(4 * plan.rate("RouteEvent"));
    assertThat(plan.burst("PlanVpc")).isGreaterThan(plan.burst("RouteEvent"));
    assertThat(plan.wholeVpcRead("PlanVpc", 10_000)).isLessThan(DescribeBudgetPlan.STEP_TIMEOUT.minusSeconds(15));
  }

  @Test
  void rate_ofAStepThatDoesNotDescribe_isRefusedByName() {
    assertThatThrownBy(() -> DescribeBudgetPlan.defaults().rate("Summarize"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Summarize");
  }

  @Test
  void variables_onlyForStepsThatDescribe() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    assertThat(plan.variables("RouteEvent")).containsKeys(DescribeBudget.RATE_VARIABLE, DescribeBudget.BURST_VARIABLE);
    assertThat(plan.variables("Summarize")).isEmpty();
    assertThat(plan.reservedConcurrency("RouteEvent")).contains(4);
    assertThat(plan.reservedConcurrency("Summarize")).isEmpty();
  }

  @Test
  void perInstanceBurst_growsWithARaisedBucket() {
    assertThat(DescribeBudgetPlan.of(0.5, 200).burst("PlanVpc")).isGreaterThan(1);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.1, 0.51, 1, Double.NaN})
  void share_outOfRange_refused(double share) {
    assertThatThrownBy(() -> DescribeBudgetPlan.of(share, 20))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("describeShare");
  }

  @Test
  void refill_notPositive_refused() {
    assertThatThrownBy(() -> DescribeBudgetPlan.of(0.25, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("describeRefill");
  }
}
