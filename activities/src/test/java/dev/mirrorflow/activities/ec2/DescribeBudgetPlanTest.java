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
    double cluster = plan.perInstanceRate() * plan.totalReserved();
    assertThat(cluster).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(plan.perInstanceBurst() * plan.totalReserved()).isGreaterThanOrEqualTo(plan.totalReserved());
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
    assertThat(DescribeBudgetPlan.of(0.5, 200).perInstanceBurst()).isGreaterThan(1);
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
