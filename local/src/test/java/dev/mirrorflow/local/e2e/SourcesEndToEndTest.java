package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.sfn.Execution;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue 11 end to end: reconcile-vpc on the local cloud, through the real SDK and the real activities,
 * over a VPC with modern instance types, a capture appliance whose ENI is the other target, an RDS
 * ENI, a VPC endpoint ENI and a fleet of a new type EC2 refuses; the VPC mirrors to an NLB.
 */
class SourcesEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "src";

  LocalCloud cloud;
  Deployment deployment;
  Map<String, String> ids;
  SfnClient sfn;
  EventBridgeClient events;

  void start(LocalClock clock) throws Exception {
    cloud = LocalCloud.create(0, clock).start();
    try (InputStream in = getClass().getResourceAsStream("/scenarios/sources.json")) {
      ids = cloud.ec2().seed(Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null);
    sfn = LocalClients.sfn(cloud.endpoint());
    events = LocalClients.eventBridge(cloud.endpoint());
  }

  @AfterEach
  void stop() {
    if (cloud != null) {
      sfn.close();
      events.close();
      cloud.close();
    }
  }

  /**
   * Registers the VPC as add-vpc does, with {@code config}, its first scheduled scan a day away so that
   * only the test reconciles.
   */
  void register(Consumer<ObjectNode> config) throws Exception {
    String vpcId = ids.get("prod");
    ObjectNode c = JSON.createObjectNode().put("targetId", ids.get("nlb-target")).put("filterId", ids.get("all-traffic"));
    config.accept(c);
    String input = JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId).set("config", c).toString();
    cloud.registerVpc(deployment, JSON.readValue(input, VpcRegistration.class),
        cloud.clock().instant().plus(Duration.ofDays(1)));
  }

  JsonNode reconcile() throws Exception {
    String arn = sfn.startExecution(b -> b.stateMachineArn(deployment.stateMachineArn("reconcile-vpc"))
        .input(JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", ids.get("prod")).toString()))
        .executionArn();
    Execution done = cloud.stepFunctions().execution(arn).orElseThrow().await(Duration.ofMinutes(2));
    var described = sfn.describeExecution(b -> b.executionArn(arn));
    assertThat(described.statusAsString()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
    return JSON.readTree(described.output());
  }

  List<MirrorSession> owned() {
    return cloud.ec2().world().sessions().stream()
        .filter(s -> CLUSTER.equals(cloud.ec2().world().tags(s.id()).get("mirrorflow:cluster")))
        .toList();
  }

  String primaryEni(String ref) {
    String instanceId = ids.get(ref);
    return cloud.ec2().world().networkInterfaces().stream()
        .filter(n -> n.attachment() != null && instanceId.equals(n.attachment().instanceId())
            && n.attachment().deviceIndex() == 0)
        .findFirst().orElseThrow().id();
  }

  @Test
  void reconcile_whenSourcesOfEveryKind_mirrorsWhatAwsAllowsAndNothingChurnsAfterwards() throws Exception {
    start(LocalClock.speeded(20));
    register(c -> c.put("mirrorManagedDatabases", true));

    JsonNode first = reconcile();

    List<String> mirrored = owned().stream().map(MirrorSession::networkInterfaceId).sorted().toList();
    // m7i and c7i are on the current page's supported list (an older copy, which this test followed, ruled them out).
    assertThat(mirrored).containsExactlyInAnyOrder(primaryEni("web"), primaryEni("legacy"), primaryEni("api"),
        primaryEni("batch"), ids.get("rds"));
    assertThat(first.at("/skipped/instanceTypeUnsupported").asInt()).as("no type ruled out by a list").isZero();
    assertThat(first.at("/skipped/mirrorTarget").asInt()).as("the appliance's own ENI").isEqualTo(1);
    assertThat(first.at("/failed/NetworkInterfaceNotSupported").asInt())
        .as("one probe of the zz9 fleet, and the VPC endpoint's ENI").isEqualTo(2);
    assertThat(first.path("failedSubnets")).isEmpty();
    assertThat(owned()).allSatisfy(s -> assertThat(s.packetLength()).as("NLB default").isEqualTo(8500));
    List<String> sessionIds = owned().stream().map(MirrorSession::id).sorted().toList();

    for (int scan = 0; scan < 3; scan++) {
      JsonNode again = reconcile();
      assertThat(again.path("created").asInt()).as("scan %d", scan).isZero();
      assertThat(again.path("deleted").asInt()).as("scan %d: an NLB session read back as 8500 is as wanted", scan)
          .isZero();
      assertThat(again.path("failed").size()).as("scan %d: nothing tried again", scan).isZero();
      assertThat(again.at("/skipped/knownUnsupported").asInt()).as("the five zz9 and the endpoint").isEqualTo(6);
    }
    assertThat(owned().stream().map(MirrorSession::id).sorted().toList()).isEqualTo(sessionIds);
  }

  @Test
  void reconcile_whenManagedDatabasesNotAsked_leavesTheRdsEniAlone() throws Exception {
    start(LocalClock.speeded(20));
    register(c -> { });

    JsonNode first = reconcile();

    assertThat(owned()).extracting(MirrorSession::networkInterfaceId).doesNotContain(ids.get("rds"));
    assertThat(first.at("/skipped/requesterManaged").asInt()).isEqualTo(2);
  }

  @Test
  void reconcile_whenTheAccountQuotaRefuses_reportsByCodeConvergesTheRestAndRemembersIt() throws Exception {
    start(LocalClock.speeded(20));
    register(c -> c.put("targetId", ids.get("appliance-target")).put("packetLength", 8500));
    cloud.ec2().knobs().sessionLimit(1);

    JsonNode first = reconcile();

    assertThat(owned()).hasSize(1);
    // Subnet a's batch holds web, legacy, api (m7i) and batch (c7i): one created, one refused, and the two
    // after it not tried, reported by the same code (it was 1 while m7i and c7i were ruled out by a list).
    assertThat(first.at("/failed/TrafficMirrorSessionLimitExceeded").asInt()).isEqualTo(3);
    assertThat(first.path("failedSubnets")).isEmpty();
    String refused = cloud.ec2().world().networkInterfaces().stream()
        .filter(e -> cloud.ec2().world().tags(e.id()).containsKey("mirrorflow:refused")).findFirst().orElseThrow().id();
    assertThat(cloud.ec2().world().tags(refused).get("mirrorflow:refused"))
        .startsWith("TrafficMirrorSessionLimitExceeded@");

    JsonNode second = reconcile();
    assertThat(second.at("/skipped/rememberedRefusal").asInt()).as("not tried again for an hour").isEqualTo(3);
    assertThat(second.path("failed").size()).isZero();
    cloud.ec2().knobs().sessionLimit(Ec2Knobs.DEFAULT_SESSION_LIMIT);
  }

  @Test
  void reconcile_whenOneEniIsRefusedWithAnUnexpectedCode_theRestOfTheSubnetConverges() throws Exception {
    start(LocalClock.speeded(20));
    register(c -> { });
    cloud.ec2().knobs().failNext("CreateTrafficMirrorSession", 1, Ec2Knobs.Fault.error("UnauthorizedOperation"));

    JsonNode first = reconcile();

    assertThat(first.at("/failed/UnauthorizedOperation").asInt()).isEqualTo(1);
    assertThat(first.path("failedSubnets")).isEmpty();
    reconcile();
    assertThat(owned()).extracting(MirrorSession::networkInterfaceId)
        .containsExactlyInAnyOrder(primaryEni("web"), primaryEni("legacy"), primaryEni("api"), primaryEni("batch"));
  }

  @Test
  void reconcile_whenASessionIsDeletedAndReconciledInTheSameMinute_recreatesIt() throws Exception {
    // Virtual time all but stands still: both reconciles plan in the same minute.
    start(LocalClock.speeded(0.001));
    register(c -> { });
    reconcile();
    MirrorSession web = owned().stream().filter(s -> s.networkInterfaceId().equals(primaryEni("web")))
        .findFirst().orElseThrow();
    cloud.ec2().world().deleteSession(web.id());

    JsonNode again = reconcile();

    assertThat(again.path("created").asInt()).isEqualTo(1);
    assertThat(owned()).extracting(MirrorSession::networkInterfaceId).contains(primaryEni("web"));
    assertThat(cloud.ec2().world().session(web.id())).as("a new session, not the deleted one").isEmpty();
  }
}
