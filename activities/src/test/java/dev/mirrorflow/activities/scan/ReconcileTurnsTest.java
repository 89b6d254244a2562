package dev.mirrorflow.activities.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.activities.input.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileTurnsTest {
  static final String VPC = "vpc-00000000000000001";
  static final String ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:mirrorflow-blue-reconcile-vpc";
  static final String SUBNET_A = "subnet-0000000000000000a";
  static final String SUBNET_B = "subnet-0000000000000000b";
  static final Instant T0 = Instant.parse("2026-12-02T03:00:00.000Z");

  static String event(String subnet, long window) {
    return VPC + "-event-" + subnet + "-" + window;
  }

  static RunningReconcile at(String name, long millis) {
    return new RunningReconcile(name, T0.plusMillis(millis));
  }

  @Test
  void overlaps_whenBothNameOneSubnet_onlyIfItIsTheSame() {
    assertThat(ReconcileTurns.overlaps(VPC, event(SUBNET_A, 1), event(SUBNET_A, 2))).isTrue();
    assertThat(ReconcileTurns.overlaps(VPC, event(SUBNET_A, 1), event(SUBNET_B, 1))).isFalse();
    assertThat(ReconcileTurns.overlaps(VPC, event(SUBNET_A, 1), event(SUBNET_A, 1) + "-late")).isTrue();
    assertThat(ReconcileTurns.overlaps(VPC, event(SUBNET_B, 1) + "-late", event(SUBNET_A, 1))).isFalse();
  }

  @Test
  void overlaps_whenEitherNamesNoSingleSubnet_isTrue() {
    String digest = VPC + "-event-s0123456789abcdef-7";
    String scan = VPC + "-scan-4d7c9a0e-0000-4000-8000-000000000001";
    String addVpc = VPC + "-reconcile-vpc-4d7c9a0e-0000-4000-8000-000000000001";
    String purge = VPC + "-reconcile-vpc-purge-4d7c9a0e-0000-4000-8000-000000000001";
    for (String other : List.of(digest, scan, addVpc, purge)) {
      assertThat(ReconcileTurns.overlaps(VPC, event(SUBNET_A, 1), other)).as(other).isTrue();
      assertThat(ReconcileTurns.overlaps(VPC, other, event(SUBNET_B, 1))).as(other).isTrue();
    }
    assertThat(ReconcileTurns.singleSubnet(VPC, digest)).isEmpty();
    assertThat(ReconcileTurns.singleSubnet(VPC, event(SUBNET_A, 880123456))).contains(SUBNET_A);
  }

  @Test
  void takesTurns_onlyEventAndScanReconciles() {
    assertThat(ReconcileTurns.takesTurns(VPC, event(SUBNET_A, 1))).isTrue();
    assertThat(ReconcileTurns.takesTurns(VPC, VPC + "-scan-x")).isTrue();
    assertThat(ReconcileTurns.takesTurns(VPC, VPC + "-reconcile-vpc-x")).isFalse();
    assertThat(ReconcileTurns.takesTurns(VPC, VPC + "-reconcile-vpc-purge-x")).isFalse();
    assertThat(ReconcileTurns.takesTurns(VPC, "vpc-00000000000000002-event-" + SUBNET_A + "-1")).isFalse();
  }

  @Test
  void earlierOverlapping_picksTheMostRecentEarlierOneOfTheSameSubnet() {
    RunningReconcile first = at(event(SUBNET_A, 1), 0);
    RunningReconcile second = at(event(SUBNET_A, 2), 2_000);
    RunningReconcile otherSubnet = at(event(SUBNET_B, 2), 2_500);
    RunningReconcile self = at(event(SUBNET_A, 3), 4_000);
    RunningReconcile later = at(event(SUBNET_A, 4), 6_000);
    List<RunningReconcile> all = List.of(later, self, otherSubnet, second, first);

    assertThat(ReconcileTurns.earlierOverlapping(VPC, self, all)).contains(second);
    assertThat(ReconcileTurns.earlierOverlapping(VPC, first, all)).isEmpty();
    assertThat(ReconcileTurns.earlierOverlapping(VPC, otherSubnet, all)).isEmpty();
  }

  @Test
  void earlierOverlapping_whenStartedTogether_theNameDecidesAndNeverBothWait() {
    RunningReconcile a = at(event(SUBNET_A, 1), 0);
    RunningReconcile scan = at(VPC + "-scan-x", 0);
    List<RunningReconcile> all = List.of(a, scan);

    boolean aWaits = ReconcileTurns.earlierOverlapping(VPC, a, all).isPresent();
    boolean scanWaits = ReconcileTurns.earlierOverlapping(VPC, scan, all).isPresent();

    assertThat(aWaits ^ scanWaits).as("exactly one of the two waits").isTrue();
    assertThat(scanWaits).as("'vpc-...-event-' sorts before 'vpc-...-scan-'").isTrue();
  }

  final List<RunningReconcile> running = new ArrayList<>();
  final List<String> asked = new ArrayList<>();
  final Instant now = T0.plusSeconds(10);
  ReconcileTurns turnsAt(Instant instant) {
    return new ReconcileTurns((arn, vpcId) -> {
      asked.add(arn + " " + vpcId);
      return List.copyOf(running);
    }, Clock.fixed(instant, ZoneOffset.UTC));
  }

  @Test
  void waitFor_whenAnEarlierReconcileOfTheSubnetRuns_namesIt() {
    running.add(at(event(SUBNET_A, 2), 2_000));
    running.add(at(event(SUBNET_A, 1), 0));

    assertThat(turnsAt(now).waitFor(VPC, new ReconcileExecution(event(SUBNET_A, 2), "2026-12-02T03:00:02.000Z", ARN)))
        .contains(event(SUBNET_A, 1));
    assertThat(turnsAt(now).waitFor(VPC, new ReconcileExecution(event(SUBNET_A, 1), "2026-12-02T03:00:00.000Z", ARN)))
        .isEmpty();
    assertThat(asked).containsOnly(ARN + " " + VPC);
  }

  @Test
  void waitFor_usesListExecutionsStartDateOfItselfOverTheContextsWhenListed() {
    // The context says 03:00:05, ListExecutions says 03:00:00.000: the listing is what the others see.
    running.add(at(event(SUBNET_A, 1), 0));
    running.add(at(VPC + "-scan-x", 1));

    assertThat(turnsAt(now).waitFor(VPC, new ReconcileExecution(event(SUBNET_A, 1), "2026-12-02T03:00:05Z", ARN)))
        .isEmpty();
  }

  @Test
  void waitFor_afterTheCap_goesAheadWithoutAsking() {
    running.add(at(event(SUBNET_A, 1), 0));
    Instant started = T0.plusSeconds(2);

    assertThat(turnsAt(started.plus(ReconcileTurns.MAX_WAIT).minusMillis(1))
        .waitFor(VPC, new ReconcileExecution(event(SUBNET_A, 2), started.toString(), ARN))).isPresent();
    asked.clear();
    assertThat(turnsAt(started.plus(ReconcileTurns.MAX_WAIT))
        .waitFor(VPC, new ReconcileExecution(event(SUBNET_A, 2), started.toString(), ARN))).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void waitFor_whenNotAnEventOrScanReconcile_neverAsks() {
    running.add(at(event(SUBNET_A, 1), 0));

    assertThat(turnsAt(now).waitFor(VPC,
        new ReconcileExecution(VPC + "-reconcile-vpc-x", "2026-12-02T03:00:05Z", ARN))).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void reconcileExecution_whenMalformed_isRefusedByName() {
    assertThatThrownBy(() -> new ReconcileExecution("x", "yesterday", ARN))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("execution.startTime");
    assertThatThrownBy(() -> new ReconcileExecution("x", "2026-12-02T03:00:05Z", "arn:aws:lambda:x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("execution.stateMachineArn");
    assertThatThrownBy(() -> new ReconcileExecution(" ", "2026-12-02T03:00:05Z", ARN))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("execution.name");
  }

  @Test
  void nextCheck_growsWithTheWaitFromOneSecondToFive() {
    ReconcileExecution self = new ReconcileExecution(event(SUBNET_A, 3), "2026-12-02T03:00:00Z", ARN);
    List<Long> seconds = new ArrayList<>();
    for (int waited : new int[] {0, 1, 3, 4, 7, 10, 60, 179}) {
      ReconcileTurns turns = new ReconcileTurns((arn, vpc) -> List.of(), Clock.fixed(T0.plusSeconds(waited), ZoneOffset.UTC));
      seconds.add(turns.nextCheck(self).toSeconds());
    }

    assertThat(seconds).containsExactly(1L, 1L, 1L, 2L, 3L, 5L, 5L, 5L);
  }

  @Test
  void nextCheck_whenTheClockIsBehindTheStart_waitsTheShortest() {
    ReconcileExecution self = new ReconcileExecution(event(SUBNET_A, 3), "2026-12-02T03:00:00Z", ARN);
    ReconcileTurns turns = new ReconcileTurns((arn, vpc) -> List.of(), Clock.fixed(T0.minusSeconds(3), ZoneOffset.UTC));

    assertThat(turns.nextCheck(self)).isEqualTo(ReconcileTurns.MIN_CHECK);
  }

  @Test
  void laterOfTheSameSubnet_isTheLatestOfItsOwnSubnetOnly() {
    RunningReconcile self = at(event(SUBNET_A, 1), 0);
    RunningReconcile next = at(event(SUBNET_A, 2), 2_000);
    RunningReconcile latest = at(event(SUBNET_A, 3) + "-late", 4_000);
    RunningReconcile otherSubnet = at(event(SUBNET_B, 4), 6_000);
    RunningReconcile wholeVpc = at(VPC + "-event-vpc-5", 8_000);
    RunningReconcile scan = at(VPC + "-scan-x", 9_000);

    Instant all = T0.plusSeconds(60);
    assertThat(ReconcileTurns.laterOfTheSameSubnet(VPC, self, List.of(self, next, latest, otherSubnet, wholeVpc, scan), all))
        .contains(latest);
    assertThat(ReconcileTurns.laterOfTheSameSubnet(VPC, self, List.of(self, next, latest), T0.plusMillis(3_999)))
        .as("of those started by then").contains(next);
    assertThat(ReconcileTurns.laterOfTheSameSubnet(VPC, self, List.of(self, otherSubnet, wholeVpc, scan), all)).isEmpty();
    assertThat(ReconcileTurns.laterOfTheSameSubnet(VPC, latest, List.of(self, next, latest), all)).as("none after it").isEmpty();
    assertThat(ReconcileTurns.laterOfTheSameSubnet(VPC, wholeVpc, List.of(wholeVpc, scan), all))
        .as("a whole-VPC reconcile reads for itself").isEmpty();
  }

  @Test
  void turn_waitsWhileAnEarlierRuns_thenHandsOverToTheLatestOfItsSubnet_elseGoes() {
    String self = event(SUBNET_A, 2);
    ReconcileExecution me = new ReconcileExecution(self, "2026-12-02T03:00:02Z", ARN);
    List<RunningReconcile> running = new ArrayList<>(List.of(at(event(SUBNET_A, 1), 0), at(self, 2_000),
        at(event(SUBNET_A, 3), 2_900), at(event(SUBNET_B, 3), 2_900), at(event(SUBNET_A, 4), 3_500)));
    ReconcileTurns turns = new ReconcileTurns((arn, vpc) -> List.copyOf(running), Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));

    assertThat(turns.turn(VPC, me)).isEqualTo(new ReconcileTurns.Turn(event(SUBNET_A, 1), null));
    running.remove(0);
    assertThat(turns.turn(VPC, me)).as("to the latest whose window has closed (started 2 s ago or more)")
        .isEqualTo(new ReconcileTurns.Turn(null, event(SUBNET_A, 3)));
    running.remove(1);
    assertThat(turns.turn(VPC, me)).as("not to one whose window may still be open").isEqualTo(ReconcileTurns.Turn.GO);
  }
}
