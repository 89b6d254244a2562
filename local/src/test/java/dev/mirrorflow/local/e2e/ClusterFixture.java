package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.sfn.Execution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A local cloud seeded with one scenario of {@code src/test/resources/scenarios} (in the hub's account,
 * and in any other the test names), then one capture cluster deployed from the repository's
 * state-machines/, with the ways the end-to-end tests run it: a workflow in process ({@link #run}), a
 * reconcile through the real SDK ({@link #reconcile}), a registration as add-vpc writes it ({@link
 * #register}), and the owned sessions of an account ({@link #owned}). {@link TriggerFixture} adds the
 * triggers on top of the same kind of cloud.
 */
final class ClusterFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final String cluster;
  final LocalCloud cloud;
  /** The hub's scenario ids, by reference. */
  final Map<String, String> ids;
  private final String scenario;
  private Deployment deployment;
  private SfnClient sfn;

  private ClusterFixture(String cluster, LocalClock clock, String scenarioName) {
    this.cluster = cluster;
    this.scenario = scenario(scenarioName);
    cloud = LocalCloud.create(0, clock).start();
    ids = cloud.ec2().seed(Scenario.parse(scenario));
  }

  /** A started local cloud whose hub account holds {@code /scenarios/<scenario>.json}; nothing deployed yet. */
  static ClusterFixture seeded(String cluster, LocalClock clock, String scenario) {
    return new ClusterFixture(cluster, clock, scenario);
  }

  /** Seeds the same scenario in another account's EC2; answers its ids by reference. */
  Map<String, String> seed(String account) {
    return cloud.ec2().world(account).seed(Scenario.parse(scenario));
  }

  /** Deploys the cluster, every mirror target and filter allowed. */
  ClusterFixture deploy() {
    return deploy(AllowedMirrorResources.any());
  }

  /** Deploys the cluster with {@code allowed} as its allowlist. */
  ClusterFixture deploy(AllowedMirrorResources allowed) {
    deployment = cloud.deployCluster(cluster, LocalCloud.stateMachinesDirectory(), null, null, allowed);
    sfn = LocalClients.sfn(cloud.endpoint());
    return this;
  }

  Deployment deployment() {
    return deployment;
  }

  /** The hub's EC2. */
  Ec2World hub() {
    return cloud.ec2().world();
  }

  /**
   * Registers the VPC as add-vpc does, with its first scheduled scan a day away so that only the test
   * reconciles (the schedule stays ENABLED: a disabled one means remove-vpc is removing it).
   */
  void register(VpcRegistration registration) {
    cloud.registerVpc(deployment, registration, cloud.clock().instant().plus(Duration.ofDays(1)));
  }

  /** Runs reconcile-vpc of the hub's {@code vpcId} through the SDK; asserts it succeeded and answers its output. */
  JsonNode reconcile(String vpcId) throws IOException {
    String arn = sfn.startExecution(b -> b.stateMachineArn(deployment.stateMachineArn("reconcile-vpc"))
        .input(JSON.createObjectNode().put("cluster", cluster).put("vpcId", vpcId).toString())).executionArn();
    Execution done = cloud.stepFunctions().execution(arn).orElseThrow().await(Duration.ofMinutes(2));
    var described = sfn.describeExecution(b -> b.executionArn(arn));
    assertThat(described.statusAsString()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
    return JSON.readTree(described.output());
  }

  /** Runs {@code workflow} in process with {@code input} (which names a vpcId) and waits for its end. */
  Execution run(String workflow, ObjectNode input) {
    return cloud.stepFunctions().startExecution(deployment.stateMachineArn(workflow),
        input.path("vpcId").asText() + "-" + workflow + "-" + UUID.randomUUID(), input.toString())
        .await(Duration.ofMinutes(3));
  }

  /** The sessions of {@code world} that carry this cluster's ownership tag. */
  List<MirrorSession> owned(Ec2World world) {
    return world.sessions().stream().filter(s -> cluster.equals(world.tags(s.id()).get("mirrorflow:cluster"))).toList();
  }

  /** The hub's ENI at device index 0 of {@code instanceId}. */
  String primaryEni(String instanceId) {
    return hub().networkInterfaces().stream()
        .filter(n -> n.attachment() != null && instanceId.equals(n.attachment().instanceId())
            && n.attachment().deviceIndex() == 0)
        .findFirst().orElseThrow().id();
  }

  private static String scenario(String name) {
    try (InputStream in = LocalCloud.class.getResourceAsStream("/scenarios/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no scenario /scenarios/" + name + ".json on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (sfn != null) {
      sfn.close();
    }
    cloud.close();
  }
}
