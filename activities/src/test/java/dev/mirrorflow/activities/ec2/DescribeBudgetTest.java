package dev.mirrorflow.activities.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.testing.HandClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescribeBudgetTest {

  /** A clock that only the sleeper moves: every wait the budget asks for passes at once, and is recorded. */
  static final class FakeTime extends HandClock {
    final List<Duration> sleeps = new ArrayList<>();

    FakeTime() {
      super(Instant.parse("2026-12-02T00:00:00Z"));
    }

    void sleep(Duration d) {
      sleeps.add(d);
      advance(d);
    }
  }

  final FakeTime time = new FakeTime();

  @Test
  void take_whenBucketEmpty_waitsForTheRefillOfThatActionOnly() {
    DescribeBudget budget = DescribeBudget.of(0.5, 2, time, time::sleep);

    budget.take("DescribeInstances");
    budget.take("DescribeInstances");
    assertThat(time.sleeps).isEmpty();
    budget.take("DescribeNetworkInterfaces");
    assertThat(time.sleeps).as("another action has its own bucket").isEmpty();

    Instant before = time.instant();
    budget.take("DescribeInstances");
    assertThat(Duration.between(before, time.instant())).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void take_overAMinute_neverExceedsRateTimesSecondsPlusBurst() {
    DescribeBudget budget = DescribeBudget.of(0.25, 1, time, time::sleep);
    Instant start = time.instant();
    int calls = 0;
    while (Duration.between(start, time.instant()).compareTo(Duration.ofSeconds(60)) < 0) {
      budget.take("DescribeInstances");
      calls++;
    }
    // 1 at once, then one every 4 s: 16 calls start within the first 60 s (the 16th at 60 s).
    assertThat(calls).isEqualTo(16);
  }

  @Test
  void take_whenIdle_refillsNoMoreThanTheBurst() {
    DescribeBudget budget = DescribeBudget.of(1, 3, time, time::sleep);
    time.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      budget.take("DescribeSubnets");
    }
    assertThat(time.sleeps).isEmpty();
    budget.take("DescribeSubnets");
    assertThat(time.sleeps).isNotEmpty();
  }

  @Test
  void unlimited_neverWaits() {
    DescribeBudget budget = DescribeBudget.unlimited();
    for (int i = 0; i < 1000; i++) {
      budget.take("DescribeInstances");
    }
    assertThat(budget.limited()).isFalse();
  }

  @Test
  void fromEnvironment_readsRateAndBurst() {
    Environment env = Environment.local(URI.create("http://127.0.0.1:1"), "us-east-1",
        Map.of(DescribeBudget.RATE_VARIABLE, "0.5", DescribeBudget.BURST_VARIABLE, "1"));
    DescribeBudget budget = DescribeBudget.fromEnvironment(env, time);
    assertThat(budget.limited()).isTrue();
    assertThat(budget.rate("DescribeInstances")).isEqualTo(0.5);
    Environment none = Environment.local(URI.create("http://127.0.0.1:1"), "us-east-1", Map.of());
    assertThat(DescribeBudget.fromEnvironment(none, time).limited()).isFalse();
  }

  @Test
  void fromEnvironment_byAction_givesEachActionItsRate_andAnUnnamedOneTheLowest() {
    Environment env = Environment.local(URI.create("http://127.0.0.1:1"), "us-east-1",
        Map.of(DescribeBudget.RATE_VARIABLE, "DescribeInstances=2,DescribeSubnets=0.5", DescribeBudget.BURST_VARIABLE, "1"));
    DescribeBudget budget = DescribeBudget.fromEnvironment(env, time);

    assertThat(budget.rate("DescribeInstances")).isEqualTo(2);
    assertThat(budget.rate("DescribeSubnets")).isEqualTo(0.5);
    assertThat(budget.rate("DescribeVpcs")).as("an action the plan does not name").isEqualTo(0.5);
  }

  @Test
  void take_byAction_waitsForEachActionsOwnRate() {
    DescribeBudget budget = DescribeBudget.of(Map.of("DescribeInstances", 2.0, "DescribeSubnets", 0.5), 1, time, time::sleep);
    budget.take("DescribeInstances");
    Instant before = time.instant();
    budget.take("DescribeInstances");
    assertThat(Duration.between(before, time.instant())).isEqualTo(Duration.ofMillis(500));
    budget.take("DescribeSubnets");
    before = time.instant();
    budget.take("DescribeSubnets");
    assertThat(Duration.between(before, time.instant())).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void fromEnvironment_byAction_whenAPairIsMalformed_saysWhich() {
    for (String rate : List.of("DescribeInstances=fast", "=1", "DescribeInstances=1,DescribeInstances=2",
        "DescribeInstances=1,DescribeSubnets")) {
      Environment env = Environment.local(URI.create("http://127.0.0.1:1"), "us-east-1",
          Map.of(DescribeBudget.RATE_VARIABLE, rate));
      assertThatThrownBy(() -> DescribeBudget.fromEnvironment(env, time)).as(rate)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(DescribeBudget.RATE_VARIABLE);
    }
    Environment zero = Environment.local(URI.create("http://127.0.0.1:1"), "us-east-1",
        Map.of(DescribeBudget.RATE_VARIABLE, "DescribeInstances=0"));
    assertThatThrownBy(() -> DescribeBudget.fromEnvironment(zero, time))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DescribeInstances's describe rate");
  }

  @Test
  void fromEnvironment_whenNotANumber_saysWhich() {
    Environment env = Environment.local(URI.create("http://127.0.0.1:1"), "us-east-1",
        Map.of(DescribeBudget.RATE_VARIABLE, "fast"));
    assertThatThrownBy(() -> DescribeBudget.fromEnvironment(env, time))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(DescribeBudget.RATE_VARIABLE);
  }

  @Test
  void of_whenRateNotPositive_refuses() {
    assertThatThrownBy(() -> DescribeBudget.of(0, 1, time, time::sleep)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DescribeBudget.of(1, 0, time, time::sleep)).isInstanceOf(IllegalArgumentException.class);
  }
}
