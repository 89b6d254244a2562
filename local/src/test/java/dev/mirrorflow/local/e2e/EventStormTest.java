package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * An auto-scaling burst through the event path: its events merge into a few reconciles (named by
 * subnets and coalescing window, Step Functions' idempotency by name doing the merging), and an event
 * that comes after a coalesced reconcile, even one whose window's reconcile has already ended, still
 * gets its ENI mirrored. The VPC's schedule is set to once a day, so nothing here waits for a scan.
 */
class EventStormTest {
  static final Duration WINDOW = Duration.ofSeconds(2);
  static final int BURST = 20;

  TriggerFixture f;
  String vpc;
  List<String> subnets;

  @BeforeEach
  void start() {
    f = TriggerFixture.start(2);
    List<String> ids = f.eventDrivenVpc("10.7", 2, f.targetAndFilter(), true);
    vpc = ids.get(0);
    subnets = ids.subList(1, ids.size());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private List<String> launch(int count, String subnet) {
    RunInstancesResponse run = f.ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("m5.large")
        .minCount(count).maxCount(count).subnetId(subnet));
    return run.instances().stream().map(i -> f.primaryEni(i.instanceId())).toList();
  }

  private void awaitMirrored(List<String> enis, Duration within) {
    f.await(enis.size() + " ENIs mirrored", within,
        () -> enis.stream().allMatch(e -> !f.ownedSessionsOn(e).isEmpty()) ? Optional.of(true) : Optional.empty());
  }

  /** The scans of the VPC so far (its schedule fires once when it is created, before each test's launches). */
  private List<String> scans() {
    return f.executions("reconcile-vpc").stream().map(Execution::name).filter(n -> n.startsWith(vpc + "-scan-")).toList();
  }

  private List<Execution> eventReconciles() {
    return f.executions("reconcile-vpc").stream().filter(e -> e.name().startsWith(vpc + "-event-")).toList();
  }

  @Test
  void burst_whenManyInstancesLaunchInOneSubnet_mergesTheirEventsIntoAFewReconcilesAndMirrorsEachOnce() {
    f.awaitAll("reconcile-vpc");
    List<String> scansBefore = scans();
    List<String> enis = launch(BURST, subnets.get(0));

    awaitMirrored(enis, Duration.ofMinutes(1));
    f.awaitDeliveries();
    List<Execution> routed = f.awaitAll("event-router");
    f.awaitAll("reconcile-vpc");

    assertThat(routed).as("a pending and a running event per instance").hasSize(2 * BURST)
        .allSatisfy(e -> assertThat(e.status().name()).isEqualTo("SUCCEEDED"));
    assertThat(eventReconciles()).as("reconciles started by %d events", routed.size())
        .isNotEmpty().hasSizeLessThan(BURST / 2)
        .allSatisfy(e -> assertThat(TriggerFixture.read(e.input()).path("subnetIds").get(0).asText()).isEqualTo(subnets.get(0)));
    assertThat(scans()).as("no scan since the burst").isEqualTo(scansBefore);
    assertThat(enis).allSatisfy(e -> assertThat(f.ownedSessionsOn(e)).hasSize(1));
  }

  @Test
  void lateEvent_whenItComesAfterACoalescedReconcileHasEnded_isMirroredWithinAMinuteWithoutAScan() {
    List<String> burst = launch(5, subnets.get(0));
    awaitMirrored(burst, Duration.ofMinutes(1));
    f.awaitDeliveries();
    f.awaitAll("reconcile-vpc");
    int reconcilesAfterBurst = eventReconciles().size();
    List<String> scansBefore = scans();

    List<String> late = launch(1, subnets.get(0));

    awaitMirrored(late, Duration.ofMinutes(1));
    assertThat(eventReconciles()).hasSizeGreaterThan(reconcilesAfterBurst);
    assertThat(scans()).as("no scan since the burst").isEqualTo(scansBefore);
  }

  @Test
  void lateEvent_whenItsWindowsReconcileHasAlreadyEnded_startsOneFollowUpThatMirrorsIt() throws Exception {
    // Close, ahead of time, the reconciles of the next windows under the names the router will give:
    // whichever of them the late event lands in, StartExecution answers ExecutionAlreadyExists. Dry
    // runs, which wait for no earlier reconcile of the subnet, so all of them end at once.
    long now = f.cloud.clock().instant().getEpochSecond() / WINDOW.toSeconds();
    long first = now + 10;
    long last = now + 40;
    List<String> arns = new ArrayList<>();
    for (long w = first; w <= last; w++) {
      String name = vpc + "-event-" + subnets.get(1) + "-" + w;
      arns.add(f.sfn.startExecution(b -> b.stateMachineArn(f.arn("reconcile-vpc")).name(name)
          .input("{\"cluster\":\"" + TriggerFixture.CLUSTER + "\",\"vpcId\":\"" + vpc + "\",\"subnetIds\":[\"" + subnets.get(1)
              + "\"],\"dryRun\":true}")).executionArn());
    }
    for (String a : arns) {
      Execution done = f.cloud.stepFunctions().execution(a).orElseThrow().await(Duration.ofMinutes(1));
      assertThat(done.status().name()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
    }
    Instant windowStart = Instant.ofEpochSecond(first * WINDOW.toSeconds());
    assertThat(f.cloud.clock().instant()).as("the closed windows are still ahead").isBefore(windowStart);
    f.cloud.clock().sleepUntil(windowStart);
    List<String> scansBefore = scans();

    List<String> late = launch(1, subnets.get(1));

    awaitMirrored(late, Duration.ofMinutes(1));
    f.awaitDeliveries();
    f.awaitAll("event-router");
    List<Execution> followUps = eventReconciles().stream().filter(e -> e.name().endsWith("-late")).toList();
    assertThat(followUps).isNotEmpty()
        .allSatisfy(e -> assertThat(TriggerFixture.read(e.input()).path("subnetIds").get(0).asText()).isEqualTo(subnets.get(1)));
    assertThat(scans()).as("no scan since the launch").isEqualTo(scansBefore);
    assertThat(f.ownedSessionsOn(late.get(0))).hasSize(1);
  }
}
