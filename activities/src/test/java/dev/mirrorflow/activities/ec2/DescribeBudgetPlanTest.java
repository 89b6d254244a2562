package dev.mirrorflow.activities.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DescribeBudgetPlanTest {

  @Test
  void perInstanceRate_timesEveryReservedInstanceOfTheStepsThatCallAnAction_isTheShareOfItsRefill() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.of(0.25, 20);
    assertThat(DescribeBudgetPlan.actions()).contains("DescribeInstances", "DescribeNetworkInterfaces",
        "DescribeTrafficMirrorSessions", "DescribeTrafficMirrorTargets", "DescribeSubnets", "DescribeVpcs",
        "DescribeTrafficMirrorFilters");
    for (String action : DescribeBudgetPlan.actions()) {
      double cluster = DescribeBudgetPlan.STEPS.entrySet().stream()
          .filter(e -> e.getValue().actions().contains(action))
          .mapToDouble(e -> e.getValue().reservedConcurrency() * plan.rate(e.getKey(), action)).sum();
      assertThat(cluster).as(action).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(plan.totalBurst(action)).as(action).isLessThanOrEqualTo(25);
    }
  }

  @Test
  void rate_ofAnActionOnlyTheRouterCalls_isTheRoutersWholeShareOfIt() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    assertThat(plan.rate("RouteEvent", "DescribeSubnets")).isEqualTo(5.0 / 4);
    assertThat(plan.rates("RouteEvent")).containsOnlyKeys("DescribeInstances", "DescribeSubnets");
    assertThatThrownBy(() -> plan.rate("RouteEvent", "DescribeNetworkInterfaces"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RouteEvent does not call DescribeNetworkInterfaces");
  }

  @Test
  void rate_isWeighted_theWholeVpcReadersAboveTheRouter() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    assertThat(plan.rate("PlanVpc", "DescribeInstances")).isEqualTo(plan.rate("PlanScan", "DescribeInstances"))
        .isEqualTo(4 * plan.rate("RouteEvent", "DescribeInstances"));
    assertThat(plan.burst("PlanVpc")).isGreaterThan(plan.burst("RouteEvent"));
    assertThat(plan.wholeVpcRead("PlanVpc", 10_000)).isLessThan(DescribeBudgetPlan.STEP_TIMEOUT.minusSeconds(15));
    assertThat(plan.wholeVpcRead("PlanScan", 10_000)).isLessThan(DescribeBudgetPlan.STEP_TIMEOUT.minusSeconds(15));
  }

  @Test
  void rate_splitByAction_isNeverBelowTheSameWeightsSplitOverEveryStep() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    int allSteps = DescribeBudgetPlan.STEPS.values().stream().mapToInt(s -> s.reservedConcurrency() * s.weight()).sum();
    DescribeBudgetPlan.STEPS.forEach((step, share) -> share.actions().forEach(action -> {
      double overEveryStep = plan.share() * plan.refillPerSecond() * share.weight() / allSteps;
      assertThat(plan.rate(step, action)).as("%s's %s", step, action).isGreaterThan(overEveryStep);
    }));
  }

  @Test
  void rate_ofAStepThatDoesNotDescribe_isRefusedByName() {
    assertThatThrownBy(() -> DescribeBudgetPlan.defaults().rate("Summarize", "DescribeInstances"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Summarize");
  }

  @Test
  void variables_onlyForStepsThatDescribe() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    assertThat(plan.variables("RouteEvent")).containsKeys(DescribeBudget.RATE_VARIABLE, DescribeBudget.BURST_VARIABLE);
    assertThat(plan.variables("RouteEvent").get(DescribeBudget.RATE_VARIABLE))
        .isEqualTo("DescribeInstances=" + plan.rate("RouteEvent", "DescribeInstances") + ",DescribeSubnets=1.25");
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
