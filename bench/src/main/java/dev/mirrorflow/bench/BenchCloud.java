package dev.mirrorflow.bench;

import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.local.deploy.LocalDeployer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.Instance;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One local cloud for one measurement: a deployed cluster, a VPC of a given shape (eligible ENIs on
 * supported instances, ineligible ones of two kinds), a Gateway Load Balancer endpoint target and a
 * filter, and the VPC's registration.
 */
final class BenchCloud implements AutoCloseable {
  static final String CLUSTER = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();

  final LocalCloud cloud;
  final Deployment deployment;
  final String targetId;
  final String filterId;
  final List<String> eligibleEnis = new ArrayList<>();
  final List<String> subnetIds = new ArrayList<>();
  String vpcId;

  private BenchCloud(double speed, DescribeBudgetPlan describeBudget) {
    this.cloud = LocalCloud.create(0, LocalClock.speeded(speed)).start();
    this.deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null,
        AllowedMirrorResources.any(), LocalDeployer.DEFAULT_SCAN_RATE, describeBudget);
    Ec2World world = cloud.ec2().world();
    this.targetId = world.createTarget(null, null, null, "vpce-0123456789abcdef0", "bench", Map.of()).id();
    this.filterId = world.createFilter(null, "bench", Map.of()).id();
  }

  /**
   * A cloud whose clock runs {@code speed} times faster than real time, warmed up first at real
   * speed: a fresh JVM's first SDK calls take seconds of class loading and JIT, which a sped-up
   * clock would turn into minutes of virtual time (and Lambda timeouts) that AWS would never see.
   */
  static BenchCloud start(double speed) {
    return start(speed, null);
  }

  /** {@link #start(double)} for a cluster deployed with {@code describeBudget} (null: none). */
  static BenchCloud start(double speed, DescribeBudgetPlan describeBudget) {
    BenchCloud bench = new BenchCloud(1, describeBudget);
    bench.warmUp();
    bench.cloud.clock().setSpeed(speed);
    return bench;
  }

  /**
   * Reconciles a small throwaway VPC twice (creates, then deletes), then forgets it. Its 10 subnets
   * make the local Lambda construct as many warm handler instances as a reconcile runs at once.
   */
  private void warmUp() {
    seedVpc(10, 40, 2);
    String warmVpc = vpcId;
    registerAndReconcile().await(Duration.ofMinutes(5));
    Ec2World world = cloud.ec2().world();
    world.createTags(List.copyOf(eligibleEnis), Map.of("mirrorflow:exclude", "true"));
    register(withConfig("{\"excludeTags\":{\"mirrorflow:exclude\":\"*\"}}"));
    cloud.stepFunctions().startExecution(deployment.stateMachineArn("reconcile-vpc"), warmVpc + "-warm-up-2",
        JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", warmVpc).toString()).await(Duration.ofMinutes(5));
    for (MirrorSession s : world.sessions()) {
      world.deleteSession(s.id());
    }
    eligibleEnis.clear();
    subnetIds.clear();
    vpcId = null;
    cloud.ec2().resetCallCounts();
  }

  private String withConfig(String extraConfig) {
    ObjectNode in = (ObjectNode) readTree(registrationInput());
    ((ObjectNode) in.get("config")).setAll((ObjectNode) readTree(extraConfig));
    return in.toString();
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A VPC of {@code subnets} subnets, each with {@code eligiblePerSubnet} instances of a type that
   * supports mirroring (one eligible primary ENI each) and {@code ineligiblePerSubnet} ineligible
   * ENIs: half Lambda (requester-managed) ENIs, half primary ENIs of t2 instances.
   */
  BenchCloud seedVpc(int subnets, int eligiblePerSubnet, int ineligiblePerSubnet) {
    Ec2World world = cloud.ec2().world();
    vpcId = world.createVpc(null, "10.0.0.0/8", Map.of("Name", "bench")).id();
    for (int s = 0; s < subnets; s++) {
      String subnet = world.createSubnet(null, vpcId, "10." + (s / 250) + "." + (s % 250) + ".0/24",
          "us-east-1" + (char) ('a' + s % 3), Map.of()).id();
      subnetIds.add(subnet);
      List<Instance> instances = world.runInstances(subnet, "m5.large", eligiblePerSubnet, Map.of(), Map.of());
      Set<String> ids = new HashSet<>();
      instances.forEach(i -> ids.add(i.id()));
      world.networkInterfaces().stream()
          .filter(n -> n.attachment() != null && ids.contains(n.attachment().instanceId()))
          .forEach(n -> eligibleEnis.add(n.id()));
      int lambdas = ineligiblePerSubnet / 2;
      for (int i = 0; i < lambdas; i++) {
        world.createNetworkInterface(Ec2World.NewNetworkInterface.of(subnet, "lambda", true));
      }
      if (ineligiblePerSubnet - lambdas > 0) {
        world.runInstances(subnet, "t2.micro", ineligiblePerSubnet - lambdas, Map.of(), Map.of());
      }
    }
    return this;
  }

  /**
   * The cluster-level rule on the default bus for instance and task state changes, as the CDK app
   * puts it (pattern from state-machines/state-change-pattern.json), targeting event-router.
   */
  BenchCloud putStateChangeRule() {
    if (!cloud.putStateChangeRule(CLUSTER, LocalCloud.stateMachinesDirectory(), deployment)) {
      throw new IllegalStateException("the event path is not deployed: no event-router or state-change pattern");
    }
    return this;
  }

  /** The registration input, exactly the schedule target's constant Input. */
  String registrationInput() {
    ObjectNode in = JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId);
    in.putObject("config").put("targetId", targetId).put("filterId", filterId);
    return in.toString();
  }

  /**
   * Registers the VPC as add-vpc does (its schedule in the cluster's group, target scan-vpc, Input
   * the registration), except that its first scheduled scan is a day away so that none runs during a
   * measurement.
   */
  BenchCloud register() {
    return register(registrationInput());
  }

  private BenchCloud register(String registration) {
    try {
      cloud.registerVpc(deployment, JSON.readValue(registration, VpcRegistration.class),
          cloud.clock().instant().plus(Duration.ofDays(1)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return this;
  }

  /** Starts bringing a new VPC to its desired state: the add-vpc workflow, as `mirrorflow add-vpc` does. */
  Execution startAddVpc() {
    return cloud.stepFunctions().startExecution(deployment.stateMachineArn("add-vpc"), vpcId + "-add-vpc-bench",
        registrationInput());
  }

  /**
   * Registers the VPC with a daily schedule (so that no scheduled scan runs during a measurement) and
   * starts its first reconcile: the setup of the figures that are not about add-vpc.
   */
  Execution registerAndReconcile() {
    register();
    return cloud.stepFunctions().startExecution(deployment.stateMachineArn("reconcile-vpc"),
        vpcId + "-reconcile-vpc-bench", JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId).toString());
  }

  /** The reconcile-vpc executions of this VPC (add-vpc's child among them). */
  java.util.List<Execution> reconciles() {
    return cloud.stepFunctions().executions(deployment.stateMachineArn("reconcile-vpc")).stream()
        .filter(e -> e.name().startsWith(vpcId)).toList();
  }

  /** Sessions tagged as owned by the cluster, by ENI. */
  Map<String, List<MirrorSession>> ownedByEni() {
    Ec2World world = cloud.ec2().world();
    Map<String, List<MirrorSession>> out = new HashMap<>();
    for (MirrorSession s : world.sessions()) {
      if (CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster"))) {
        out.computeIfAbsent(s.networkInterfaceId(), k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  long ownedCount() {
    Ec2World world = cloud.ec2().world();
    return world.sessions().stream().filter(s -> CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster"))).count();
  }

  /** Eligible ENIs without a session (owned or made by the baseline: any session counts). */
  int unmirrored() {
    Set<String> mirrored = new HashSet<>();
    cloud.ec2().world().sessions().forEach(s -> mirrored.add(s.networkInterfaceId()));
    return (int) eligibleEnis.stream().filter(e -> !mirrored.contains(e)).count();
  }

  Execution await(Execution execution, Duration realTimeout) {
    return execution.await(realTimeout);
  }

  @Override
  public void close() {
    cloud.close();
  }
}
