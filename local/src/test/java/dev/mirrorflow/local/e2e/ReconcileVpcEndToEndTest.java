package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.sfn.Execution;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** reconcile-vpc.asl.json on the local cloud, through the real SDK, with the real activities. */
class ReconcileVpcEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "e2e";

  LocalCloud cloud;
  Deployment deployment;
  Map<String, String> ids;
  SfnClient sfn;
  EventBridgeClient events;

  @BeforeEach
  void start() throws Exception {
    cloud = LocalCloud.create(0, LocalClock.speeded(20)).start();
    try (InputStream in = getClass().getResourceAsStream("/scenarios/two-subnets.json")) {
      ids = cloud.ec2().seed(Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null);
    sfn = LocalClients.sfn(cloud.endpoint());
    events = LocalClients.eventBridge(cloud.endpoint());
  }

  @AfterEach
  void stop() {
    sfn.close();
    events.close();
    cloud.close();
  }

  /**
   * Registers the VPC as add-vpc does, but with its first scheduled scan a day away so that only this
   * test reconciles (the schedule must stay ENABLED: a disabled one means remove-vpc is removing it).
   */
  void register(String vpcId) {
    cloud.registerVpc(deployment, new VpcRegistration(CLUSTER, vpcId,
        VpcMirroringConfig.of(ids.get("gwlbe-target"), ids.get("all-traffic"))),
        cloud.clock().instant().plus(Duration.ofDays(1)));
  }

  JsonNode reconcile(String vpcId) throws Exception {
    String arn = sfn.startExecution(b -> b.stateMachineArn(deployment.stateMachineArn("reconcile-vpc"))
        .input(JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId).toString())).executionArn();
    Execution done = cloud.stepFunctions().execution(arn).orElseThrow().await(Duration.ofMinutes(2));
    var described = sfn.describeExecution(b -> b.executionArn(arn));
    assertThat(described.statusAsString()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
    return JSON.readTree(described.output());
  }

  List<MirrorSession> ownedSessions() {
    return cloud.ec2().world().sessions().stream()
        .filter(s -> CLUSTER.equals(cloud.ec2().world().tags(s.id()).get("mirrorflow:cluster")))
        .toList();
  }

  String primaryEni(String instanceId) {
    return cloud.ec2().world().networkInterfaces().stream()
        .filter(n -> n.attachment() != null && instanceId.equals(n.attachment().instanceId())
            && n.attachment().deviceIndex() == 0)
        .findFirst().orElseThrow().id();
  }

  @Test
  void reconcile_whenVpcHasMixedEnis_mirrorsExactlyTheEligibleOnesAndASecondRunChangesNothing() throws Exception {
    String vpc = ids.get("prod");
    register(vpc);

    JsonNode first = reconcile(vpc);
    List<String> mirrored = ownedSessions().stream().map(MirrorSession::networkInterfaceId).sorted().toList();

    String web1 = primaryEni(ids.get("web-1"));
    assertThat(mirrored).contains(web1, ids.get("web-1-secondary"))
        .doesNotContain(ids.get("lambda"), ids.get("nat"), ids.get("endpoint"), ids.get("nlb"),
            ids.get("gwlbe"), ids.get("loose"));
    assertThat(mirrored).doesNotHaveDuplicates();
    assertThat(first.path("created").asInt()).isEqualTo(mirrored.size());
    assertThat(first.path("skipped").path("notInterfaceType").asInt()).isEqualTo(5);
    MirrorSession foreign = cloud.ec2().world().session(ids.get("foreign")).orElseThrow();
    assertThat(foreign.sessionNumber()).isEqualTo(1);

    JsonNode second = reconcile(vpc);
    assertThat(second.path("created").asInt()).isZero();
    assertThat(second.path("deleted").asInt()).isZero();
    assertThat(second.path("kept").asInt()).isEqualTo(mirrored.size());
    assertThat(ownedSessions().stream().map(MirrorSession::networkInterfaceId).sorted().toList()).isEqualTo(mirrored);
  }
}
