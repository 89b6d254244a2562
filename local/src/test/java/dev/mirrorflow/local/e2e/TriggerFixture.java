package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.LocalDeployer;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A local cloud with one capture cluster deployed from the repository's state-machines/, SDK clients
 * on it, and the triggers set up as their owners will: {@link #putStateChangeRule()} as the CDK app
 * does (rule {@code mirrorflow-<cluster>-state-changes}, pattern from
 * state-machines/state-change-pattern.json) and {@link #registerVpc} as add-vpc does (the VPC's
 * schedule, then a first reconcile).
 */
final class TriggerFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "trig";
  static final String BUS = "mirrorflow-" + CLUSTER;
  static final String ROLE_ARN = "arn:aws:iam::" + LocalCloud.ACCOUNT_ID + ":role/mirrorflow-" + CLUSTER + "-events";
  static final String SCHEDULER_ROLE_ARN = "arn:aws:iam::" + LocalCloud.ACCOUNT_ID + ":role/mirrorflow-" + CLUSTER + "-scheduler";
  static final String DLQ_ARN = "arn:aws:sqs:" + LocalCloud.REGION + ":" + LocalCloud.ACCOUNT_ID + ":mirrorflow-" + CLUSTER + "-dlq";

  final LocalCloud cloud;
  final Deployment deployment;
  final SfnClient sfn;
  final EventBridgeClient events;
  final SchedulerClient scheduler;
  final Ec2Client ec2;

  private TriggerFixture(double speed, dev.mirrorflow.activities.ec2.DescribeBudgetPlan describeBudget) {
    cloud = LocalCloud.create(0, LocalClock.speeded(speed)).start();
    deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null,
        dev.mirrorflow.activities.guard.AllowedMirrorResources.any(), LocalDeployer.DEFAULT_SCAN_RATE, describeBudget);
    sfn = LocalClients.sfn(cloud.endpoint());
    events = LocalClients.eventBridge(cloud.endpoint());
    scheduler = LocalClients.scheduler(cloud.endpoint());
    ec2 = LocalClients.ec2(cloud.endpoint());
  }

  /** A cluster on a clock running {@code speed} times real time. */
  static TriggerFixture start(double speed) {
    return new TriggerFixture(speed, null);
  }

  /** A cluster whose describes keep within {@code describeBudget} (null: none), on a clock running {@code speed} times real time. */
  static TriggerFixture start(double speed, dev.mirrorflow.activities.ec2.DescribeBudgetPlan describeBudget) {
    return new TriggerFixture(speed, describeBudget);
  }

  Ec2World world() {
    return cloud.ec2().world();
  }

  String arn(String stem) {
    return deployment.stateMachineArn(stem);
  }

  /** The cluster-level rule of the CDK app: state changes on the default bus start the event router. */
  void putStateChangeRule() {
    assertThat(cloud.putStateChangeRule(CLUSTER, LocalCloud.stateMachinesDirectory(), deployment))
        .as("the event path is deployed").isTrue();
  }

  /** A mirror target and filter in the world, as the capture cluster would have: {targetId, filterId}. */
  String[] targetAndFilter() {
    String target = world().createTarget(null, null, null, "vpce-0fedcba9876543210", "capture GWLB endpoint", Map.of()).id();
    String filter = world().createFilter(null, "mirror everything", Map.of()).id();
    return new String[] {target, filter};
  }

  /** A VPC with {@code subnets} subnets, each with one mirrorable instance; answers [vpcId, subnetIds...]. */
  List<String> vpcWithInstances(String cidrPrefix, int subnets) {
    String vpc = world().createVpc(null, cidrPrefix + ".0.0/16", Map.of()).id();
    List<String> ids = new ArrayList<>(List.of(vpc));
    for (int i = 0; i < subnets; i++) {
      String subnet = world().createSubnet(null, vpc, cidrPrefix + "." + (i + 1) + ".0/24", "us-east-1a", Map.of()).id();
      world().runInstances(subnet, "m5.large", 1, Map.of(), Map.of());
      ids.add(subnet);
    }
    return ids;
  }

  /**
   * A VPC of {@link #vpcWithInstances} that only events mirror: the state-change rule put first when
   * {@code stateChangeRule}, the VPC registered with {@code targetAndFilter} and reconciled once, its
   * scheduled scan then pushed a day away. Answers [vpcId, subnetIds...].
   */
  List<String> eventDrivenVpc(String cidrPrefix, int subnets, String[] targetAndFilter, boolean stateChangeRule) {
    List<String> ids = vpcWithInstances(cidrPrefix, subnets);
    if (stateChangeRule) {
      putStateChangeRule();
    }
    registerVpc(ids.get(0), targetAndFilter[0], targetAndFilter[1], true);
    // Scanned once a day instead of every minute: only events can mirror what the test launches.
    scanEvery(ids.get(0), "rate(1 day)", Duration.ofDays(1));
    return ids;
  }

  /** The registration Input of the schedule rule's target, exactly {@code VpcRegistration}. */
  static String registration(String vpcId, String targetId, String filterId) {
    ObjectNode input = JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId);
    input.putObject("config").put("targetId", targetId).put("filterId", filterId);
    return input.toString();
  }

  /**
   * Registers a VPC as add-vpc does: the schedule {@code <vpcId>} in the cluster's schedule group
   * (target scan-vpc, Input the registration, the scheduler role, a retry policy and the dead-letter
   * queue), first firing a minute from now; scan requests reach it through the cluster's one
   * scan-request rule. Then, when {@code firstReconcile}, a reconcile run to its end.
   */
  void registerVpc(String vpcId, String targetId, String filterId, boolean firstReconcile) {
    cloud.registerVpc(deployment, new VpcRegistration(CLUSTER, vpcId, VpcMirroringConfig.of(targetId, filterId)),
        cloud.clock().instant().plus(Duration.ofMinutes(1)));
    if (firstReconcile) {
      JsonNode summary = reconcile(vpcId, vpcId + "-add-vpc-first");
      assertThat(summary.path("failedSubnets")).as("first reconcile of %s: %s", vpcId, summary).isEmpty();
    }
  }

  /** Runs reconcile-vpc of the whole VPC to its end through the SDK; answers its summary. */
  JsonNode reconcile(String vpcId, String name) {
    String executionArn = sfn.startExecution(b -> b.stateMachineArn(arn("reconcile-vpc")).name(name)
        .input(JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId).toString())).executionArn();
    Execution done = cloud.stepFunctions().execution(executionArn).orElseThrow().await(Duration.ofMinutes(2));
    assertThat(done.status().name()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
    return read(done.output().orElseThrow());
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sessions owned by this cluster whose source is {@code eniId}. */
  List<MirrorSession> ownedSessionsOn(String eniId) {
    return world().sessions().stream()
        .filter(s -> s.networkInterfaceId().equals(eniId))
        .filter(s -> CLUSTER.equals(world().tags(s.id()).get("mirrorflow:cluster")))
        .toList();
  }

  /** Sessions owned by this cluster in {@code vpcId}. */
  List<MirrorSession> ownedSessionsIn(String vpcId) {
    return world().sessions().stream()
        .filter(s -> CLUSTER.equals(world().tags(s.id()).get("mirrorflow:cluster")))
        .filter(s -> vpcId.equals(world().tags(s.id()).get("mirrorflow:vpc")))
        .toList();
  }

  /** The primary ENI of an instance. */
  String primaryEni(String instanceId) {
    return world().networkInterfaces().stream()
        .filter(n -> n.attachment() != null && instanceId.equals(n.attachment().instanceId())
            && n.attachment().deviceIndex() == 0)
        .findFirst().orElseThrow().id();
  }

  /** Executions of a workflow, oldest first. */
  List<Execution> executions(String stem) {
    List<Execution> newestFirst = cloud.stepFunctions().executions(arn(stem));
    List<Execution> out = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  /**
   * Polls {@code probe} until it answers, for at most {@code within} of the local clock; fails with
   * {@code what} when the deadline passes.
   */
  <T> T await(String what, Duration within, Supplier<Optional<T>> probe) {
    Instant deadline = cloud.clock().instant().plus(within);
    while (true) {
      Optional<T> answer = probe.get();
      if (answer.isPresent()) {
        return answer.get();
      }
      if (!cloud.clock().instant().isBefore(deadline)) {
        throw new AssertionError("still waiting, after " + within + " of the local clock, for " + what);
      }
      try {
        cloud.clock().sleep(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Closes the VPC's registration as remove-vpc's first step does: its schedule stays, DISABLED. */
  void disableRegistration(String vpcId) {
    var group = dev.mirrorflow.activities.cluster.ClusterNames.scheduleGroup(CLUSTER);
    var got = scheduler.getSchedule(b -> b.groupName(group).name(vpcId));
    scheduler.updateSchedule(b -> b.groupName(group).name(vpcId).scheduleExpression(got.scheduleExpression())
        .flexibleTimeWindow(got.flexibleTimeWindow()).target(got.target()).description(got.description())
        .state(software.amazon.awssdk.services.scheduler.model.ScheduleState.DISABLED));
  }

  /**
   * Changes how often the VPC's schedule scans it (e.g. {@code rate(1 day)}), keeping it enabled, its
   * first scan one period of {@code firstIn} away (a rate schedule otherwise starts from the update).
   */
  void scanEvery(String vpcId, String expression, Duration firstIn) {
    var group = dev.mirrorflow.activities.cluster.ClusterNames.scheduleGroup(CLUSTER);
    var got = scheduler.getSchedule(b -> b.groupName(group).name(vpcId));
    scheduler.updateSchedule(b -> b.groupName(group).name(vpcId).scheduleExpression(expression)
        .startDate(cloud.clock().instant().plus(firstIn))
        .flexibleTimeWindow(got.flexibleTimeWindow()).target(got.target()).description(got.description())
        .state(software.amazon.awssdk.services.scheduler.model.ScheduleState.ENABLED));
  }

  /** Waits until EventBridge has handed every event on its way to its targets. */

  void awaitDeliveries() {
    try {
      assertThat(cloud.events().awaitIdle(Duration.ofSeconds(30))).as("EventBridge deliveries ended").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for every execution of a workflow to end; answers them. */
  List<Execution> awaitAll(String stem) {
    List<Execution> all = executions(stem);
    all.forEach(e -> e.await(Duration.ofMinutes(1)));
    return all;
  }

  @Override
  public void close() {
    sfn.close();
    events.close();
    scheduler.close();
    ec2.close();
    cloud.close();
  }
}
