package dev.mirrorflow.activities.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.ec2.Ec2Locator;
import dev.mirrorflow.activities.testing.HandClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachingEc2LocatorTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-00000000000000001";

  final HandClock clock = new HandClock(Instant.parse("2026-12-02T00:00:10Z"));
  final RecordingLocator ec2 = new RecordingLocator();
  final Map<String, Ec2Locator.Placement> launched = ec2.launched;
  final Map<String, Ec2Locator.Placement> all = ec2.described;
  final List<String> calls = ec2.calls;
  final CachingEc2Locator locator = new CachingEc2Locator(ec2, clock, Duration.ofSeconds(10));

  static String id(int i) {
    return String.format("i-%017d", i);
  }

  @Test
  void launchedInstance_inABurst_describesTheBurstOnce() {
    for (int i = 1; i <= 100; i++) {
      launched.put(id(i), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    }
    for (int i = 1; i <= 100; i++) {
      assertThat(locator.launchedInstance(id(i), clock.instant())).isPresent();
    }
    assertThat(calls).containsExactly("DescribeInstances launch-time");
  }

  @Test
  void launchedInstance_notAmongTheLaunched_isAskedForAlone() {
    all.put(id(7), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));

    assertThat(locator.launchedInstance(id(7), clock.instant())).isPresent();
    assertThat(locator.launchedInstance(id(7), clock.instant())).isPresent();
    assertThat(calls).containsExactly("DescribeInstances launch-time", "DescribeInstances " + id(7));
  }

  @Test
  void launchedInstance_afterTheTtl_listsAgain() {
    launched.put(id(1), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    locator.launchedInstance(id(1), clock.instant());
    clock.advance(Duration.ofSeconds(11));
    locator.launchedInstance(id(1), clock.instant());
    assertThat(calls).hasSize(2);
  }

  @Test
  void leavingInstance_listedAtItsLaunch_isRememberedWithoutADescribeLongAfter() {
    launched.put(id(1), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    locator.launchedInstance(id(1), clock.instant());
    clock.advance(Duration.ofMinutes(20));

    assertThat(locator.leavingInstance(id(1))).contains(new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    assertThat(calls).containsExactly("DescribeInstances launch-time");
  }

  @Test
  void leavingInstance_neverSeen_orForgotten_isAskedFor() {
    all.put(id(2), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));

    assertThat(locator.leavingInstance(id(2))).isPresent();
    clock.advance(CachingEc2Locator.REMEMBERED.plusSeconds(1));
    assertThat(locator.leavingInstance(id(2))).isPresent();
    assertThat(locator.leavingInstance(id(3))).isEmpty();
    assertThat(calls).containsExactly("DescribeInstances " + id(2), "DescribeInstances " + id(2), "DescribeInstances " + id(3));
  }

  @Test
  void instance_forAnAttachedEni_stillAsksAfterTheShortTtl_evenWhenRemembered() {
    all.put(id(4), new Ec2Locator.Placement(VPC, Set.of(SUBNET)));
    locator.instance(id(4));
    clock.advance(Duration.ofSeconds(11));
    all.put(id(4), new Ec2Locator.Placement(VPC, Set.of(SUBNET, "subnet-00000000000000002")));

    assertThat(locator.instance(id(4)).orElseThrow().subnetIds()).hasSize(2);
    assertThat(locator.leavingInstance(id(4)).orElseThrow().subnetIds()).as("the fresher answer is remembered").hasSize(2);
    assertThat(calls).hasSize(2);
  }
}
