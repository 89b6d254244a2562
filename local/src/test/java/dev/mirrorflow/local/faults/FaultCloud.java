package dev.mirrorflow.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.scheduler.Schedule;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.Instance;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.sfn.Execution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A deployed cluster and a registered VPC for the fault tests: two subnets of eligible ENIs, some
 * ineligible ones, and foreign sessions (another team's, on eligible ENIs) present throughout.
 */
final class FaultCloud implements AutoCloseable {
  static final String CLUSTER = "faults";
  static final int SUBNETS = 2;
  static final int ELIGIBLE_PER_SUBNET = 12;
  static final int FOREIGN = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  final LocalCloud cloud;
  final Deployment deployment;
  final Ec2World world;
  final String vpcId;
  final String targetId;
  final String filterId;
  final List<String> subnetIds = new ArrayList<>();
  final List<String> eligibleEnis = new ArrayList<>();
  final Map<String, String> eniInstance = new HashMap<>();
  /** The foreign sessions as seeded: each must be found unchanged after every test. */
  final List<MirrorSession> foreign = new ArrayList<>();

  FaultCloud() {
    this(20);
  }

  /** A cloud whose clock runs {@code speed} times real time (a Lambda's 60 s are 60/speed real seconds). */
  FaultCloud(double speed) {
    cloud = LocalCloud.create(0, LocalClock.speeded(speed)).start();
    deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null);
    world = cloud.ec2().world();
    vpcId = world.createVpc(null, "10.0.0.0/16", Map.of()).id();
    targetId = world.createTarget(null, null, null, "vpce-0123456789abcdef0", "faults", Map.of()).id();
    filterId = world.createFilter(null, "faults", Map.of()).id();
    String otherTarget = world.createTarget(null, null, null, "vpce-0fedcba9876543210", "someone else's", Map.of()).id();
    for (int s = 0; s < SUBNETS; s++) {
      String subnet = world.createSubnet(null, vpcId, "10.0." + s + ".0/24", "us-east-1a", Map.of()).id();
      subnetIds.add(subnet);
      List<Instance> instances = world.runInstances(subnet, "m5.large", ELIGIBLE_PER_SUBNET, Map.of(), Map.of());
      Set<String> ids = new HashSet<>();
      instances.forEach(i -> ids.add(i.id()));
      world.networkInterfaces().stream()
          .filter(n -> n.attachment() != null && ids.contains(n.attachment().instanceId()))
          .forEach(n -> {
            eligibleEnis.add(n.id());
            eniInstance.put(n.id(), n.attachment().instanceId());
          });
      world.createNetworkInterface(Ec2World.NewNetworkInterface.of(subnet, "lambda", true));
      world.runInstances(subnet, "t2.micro", 1, Map.of(), Map.of());
    }
    for (int i = 0; i < FOREIGN; i++) {
      foreign.add(world.createSession(new Ec2World.NewSession(null, eligibleEnis.get(i * 5), otherTarget, filterId, 1,
          null, null, "another team's", Map.of("owner", "someone-else"))));
    }
    register();
  }

  /** Registers the VPC as add-vpc does, its first scheduled scan a day away so that only the tests reconcile. */
  private void register() {
    cloud.registerVpc(deployment, new VpcRegistration(CLUSTER, vpcId, VpcMirroringConfig.of(targetId, filterId)),
        cloud.clock().instant().plus(Duration.ofDays(1)));
  }

  private void events(String target, ObjectNode body) {
    LocalResponse r = cloud.server().dispatch(LocalRequest.awsJson(target, body.toString()));
    assertThat(r.status()).as("%s: %s", target, r.bodyAsString()).isEqualTo(200);
  }

  /** The VPC's schedule's state: ENABLED, DISABLED, or GONE once deregistered. */
  String scheduleState() {
    return cloud.scheduler().schedule(ClusterNames.scheduleGroup(CLUSTER), ClusterNames.schedule(vpcId))
        .map(Schedule::state).orElse("GONE");
  }

  Execution startReconcile() {
    return cloud.stepFunctions().startExecution(deployment.stateMachineArn("reconcile-vpc"),
        vpcId + "-reconcile-vpc-" + UUID.randomUUID(),
        JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId).toString());
  }

  Execution reconcile() {
    return startReconcile().await(Duration.ofMinutes(3));
  }

  static JsonNode output(Execution execution) {
    try {
      return JSON.readTree(execution.output().orElseThrow(() -> new AssertionError(
          "no output: " + execution.status() + " " + execution.error().orElse("") + " " + execution.cause().orElse(""))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the handler of one step (e.g. CreateSessions) by {@code handler}, keeping its settings. */
  void replaceHandler(String step, Class<?> handler) {
    String name = deployment.functionNames().get(step);
    LambdaFunction current = cloud.lambda().function(name).orElseThrow();
    cloud.lambda().createFunction(new LambdaFunction(name, handler.getName(), current.variables(), current.timeout()));
  }

  /** Eligible ENIs that still exist: the desired set. */
  Set<String> desired() {
    Set<String> existing = new HashSet<>();
    world.networkInterfaces().forEach(n -> existing.add(n.id()));
    return new TreeSet<>(eligibleEnis.stream().filter(existing::contains).toList());
  }

  List<MirrorSession> owned() {
    return world.sessions().stream().filter(s -> CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster"))).toList();
  }

  /** No duplicates, only eligible ENIs, and every foreign session as it was. */
  void assertSafe() {
    List<String> ownedEnis = owned().stream().map(MirrorSession::networkInterfaceId).toList();
    assertThat(ownedEnis).as("one owned session per ENI at most").doesNotHaveDuplicates();
    assertThat(desired()).as("owned sessions only on eligible ENIs").containsAll(ownedEnis);
    for (MirrorSession f : foreign) {
      assertThat(world.session(f.id())).as("foreign session %s untouched", f.id()).contains(f);
      assertThat(world.tags(f.id())).doesNotContainKey("mirrorflow:cluster");
    }
  }

  /** Exactly one owned session on every desired ENI, none elsewhere, foreign sessions untouched. */
  void assertConverged() {
    assertSafe();
    assertThat(new TreeSet<>(owned().stream().map(MirrorSession::networkInterfaceId).toList()))
        .as("owned sessions are exactly the desired set").isEqualTo(desired());
  }

  @Override
  public void close() {
    cloud.close();
  }
}
