package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * A burst under the describe budget: the steps that describe never run more instances than their
 * reserved concurrency, no event is lost to Lambda's throttling, and every describe action's calls,
 * counted by the local EC2 in each second of its clock, stay within what the budget allows: the
 * instances' bursts plus the share of the refill for every second of the window.
 */
class DescribeBudgetEndToEndTest {
  static final DescribeBudgetPlan PLAN = DescribeBudgetPlan.of(0.25, 20);
  static final int BURST = 40;

  TriggerFixture f;
  String vpc;
  List<String> subnets;

  @BeforeEach
  void start() {
    f = TriggerFixture.start(2, PLAN);
    List<String> ids = f.eventDrivenVpc("10.8", 2, f.targetAndFilter(), true);
    vpc = ids.get(0);
    subnets = ids.subList(1, ids.size());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void burst_underTheBudget_staysWithinTheShareOfEachActionsRefillAndLosesNoEvent() {
    f.awaitAll("reconcile-vpc");
    f.cloud.ec2().resetCallCounts();
    RunInstancesResponse run = f.ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("m5.large")
        .minCount(BURST).maxCount(BURST).subnetId(subnets.get(0)));
    List<String> enis = run.instances().stream().map(i -> f.primaryEni(i.instanceId())).toList();

    f.await(enis.size() + " ENIs mirrored", Duration.ofMinutes(3),
        () -> enis.stream().allMatch(e -> !f.ownedSessionsOn(e).isEmpty()) ? Optional.of(true) : Optional.empty());
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router");
    f.awaitAll("reconcile-vpc");

    assertThat(routed).as("a pending and a running event per instance, none lost to throttling").hasSize(2 * BURST)
        .allSatisfy(e -> assertThat(e.status().name()).isEqualTo("SUCCEEDED"));
    for (Map.Entry<String, String> step : f.deployment.functionNames().entrySet()) {
      PLAN.reservedConcurrency(step.getKey()).ifPresent(reserved ->
          assertThat(f.cloud.lambda().peakConcurrency(step.getValue())).as("instances of %s at once", step.getKey())
              .isLessThanOrEqualTo(reserved));
    }
    assertThat(f.cloud.lambda().throttleCount(f.deployment.functionNames().get("RouteEvent")))
        .as("the burst met RouteEvent's reserved concurrency").isPositive();
    double share = PLAN.share() * PLAN.refillPerSecond();
    List<String> checked = new ArrayList<>();
    for (String action : f.cloud.ec2().callCounts().keySet()) {
      if (!action.startsWith("Describe")) {
        continue;
      }
      checked.add(action);
      assertThat(DescribeBudgetPlan.actions()).as("every describe action called is in the plan").contains(action);
      int bursts = PLAN.totalBurst(action);
      Map<Long, Long> perSecond = f.cloud.ec2().callsPerSecond(action);
      for (int window : new int[] {1, 5, 20}) {
        assertThat(peak(perSecond, window)).as("%s calls in any %d s", action, window)
            .isLessThanOrEqualTo((long) Math.floor(bursts + share * window));
      }
    }
    assertThat(checked).contains("DescribeInstances", "DescribeNetworkInterfaces", "DescribeTrafficMirrorSessions");
    assertThat(f.cloud.ec2().callCount("DescribeInstances"))
        .as("the router lists a burst's instances by launch time instead of describing each")
        .isLessThan(BURST / 2);
  }

  /** The most calls in any {@code window} consecutive seconds. */
  static long peak(Map<Long, Long> perSecond, int window) {
    long peak = 0;
    for (long start : perSecond.keySet()) {
      long sum = 0;
      for (long s = start; s < start + window; s++) {
        sum += perSecond.getOrDefault(s, 0L);
      }
      peak = Math.max(peak, sum);
    }
    return peak;
  }
}
