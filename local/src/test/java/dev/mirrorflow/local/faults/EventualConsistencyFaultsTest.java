package dev.mirrorflow.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workflows when EC2 describes what was just made only seconds later and what was just deleted
 * for seconds more (its API is eventually consistent; the local cloud's visibility lag). End state:
 * exactly one owned session per eligible ENI (a duplicate a race made is removed by the same or the
 * next run), no run left failed, and nothing owned after remove-vpc.
 */
class EventualConsistencyFaultsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration LAG = Duration.ofSeconds(5);

  FaultCloud f;

  @BeforeEach
  void start() throws InterruptedException {
    // Ten times real time: the lag is half a real second, and a step's 60 s timeout six, which a
    // loaded machine's cold JVM does not reach.
    f = new FaultCloud(10);
    f.cloud.ec2().knobs().visibilityLag(LAG);
    // The VPC existed long before it was registered: only what the runs make is described late.
    waitOutTheLag();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** Waits out the lag on the local clock, so that Describe shows the world as it is. */
  void waitOutTheLag() throws InterruptedException {
    f.cloud.clock().sleep(LAG.plusSeconds(1));
  }

  @Test
  void reconcile_whenThreeRunAtOnceUnderALag_endsWithExactlyOneOwnedSessionPerEligibleEni() throws Exception {
    List<Execution> started = IntStream.range(0, 3).mapToObj(i -> f.startReconcile()).toList();
    List<Execution> done = started.stream().map(e -> e.await(Duration.ofMinutes(3))).toList();

    assertThat(done).allSatisfy(e -> assertThat(e.status()).as("%s %s", e.error(), e.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED));
    f.assertSafe();
    waitOutTheLag();
    Execution next = f.reconcile();

    assertThat(next.status()).as("%s %s", next.error(), next.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode out = FaultCloud.output(next);
    assertThat(out.path("failedSubnets").size()).as("%s", out).isZero();
    f.assertConverged();
  }

  @Test
  void reconcile_whenRunsFollowEachOtherFasterThanTheLag_makeNoDuplicateThatOutlivesTheNextRun() throws Exception {
    Execution first = f.reconcile();
    Execution second = f.reconcile();
    assertThat(List.of(first, second)).allSatisfy(e -> assertThat(e.status()).as("%s %s", e.error(), e.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED));

    waitOutTheLag();
    Execution third = f.reconcile();

    assertThat(third.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(FaultCloud.output(third).path("failedSubnets").size()).isZero();
    f.assertConverged();
  }

  @Test
  void reconcile_whenARaceLeftADuplicateNotDescribedYet_theSameOrTheNextRunRemovesIt() throws Exception {
    assertThat(f.reconcile().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    waitOutTheLag();
    f.assertConverged();
    // What a racing run planned in another minute would leave: a second owned session on an ENI.
    String eni = f.desired().iterator().next();
    dev.mirrorflow.local.ec2.MirrorSession kept = f.owned().stream()
        .filter(s -> s.networkInterfaceId().equals(eni)).findFirst().orElseThrow();
    f.world.createSession(new dev.mirrorflow.local.ec2.Ec2World.NewSession(null, eni, kept.targetId(), kept.filterId(),
        kept.sessionNumber() + 1, null, null, "a racing run's", f.world.tags(kept.id())));

    // Started at once, this run most likely does not see the duplicate yet; the next one does.
    Execution same = f.reconcile();
    waitOutTheLag();
    Execution next = f.reconcile();

    assertThat(List.of(same, next)).allSatisfy(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
    assertThat(FaultCloud.output(same).path("deleted").asInt() + FaultCloud.output(next).path("deleted").asInt())
        .as("the duplicate, once: %s then %s", FaultCloud.output(same), FaultCloud.output(next)).isEqualTo(1);
    f.assertConverged();
  }

  @Test
  void removeVpc_whenAScanRacesItUnderALag_leavesNothingOwned() throws Exception {
    Execution scan = f.startReconcile();
    Execution removal = f.cloud.stepFunctions().startExecution(f.deployment.stateMachineArn("remove-vpc"),
        f.vpcId + "-remove-vpc-" + UUID.randomUUID(),
        JSON.createObjectNode().put("cluster", FaultCloud.CLUSTER).put("vpcId", f.vpcId).toString());

    Execution removed = removal.await(Duration.ofMinutes(5));
    Execution scanned = scan.await(Duration.ofMinutes(3));

    assertThat(removed.status()).as("%s %s", removed.error(), removed.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(scanned.status()).isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
    assertThat(f.scheduleState()).as("deregistered").isEqualTo("GONE");
    assertThat(f.owned()).as("no owned session left in the VPC").isEmpty();
    f.assertSafe();
  }
}
