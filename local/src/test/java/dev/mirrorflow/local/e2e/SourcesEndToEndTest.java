package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.ec2.MirrorSession;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 end to end: reconcile-vpc on the local cloud, through the real SDK and the real activities,
 * over a VPC with modern instance types, a capture appliance whose ENI is the other target, an RDS
 * ENI, a VPC endpoint ENI and a fleet of a new type EC2 refuses; the VPC mirrors to an NLB.
 */
class SourcesEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "src";

  ClusterFixture fixture;
  LocalCloud cloud;
  Map<String, String> ids;

  void start(LocalClock clock) {
    fixture = ClusterFixture.seeded(CLUSTER, clock, "sources").deploy();
    cloud = fixture.cloud;
    ids = fixture.ids;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /**
   * Registers the VPC as add-vpc does, with {@code config}, its first scheduled scan a day away so that
   * only the test reconciles.
   */
  void register(Consumer<ObjectNode> config) throws Exception {
    ObjectNode c = JSON.createObjectNode().put("targetId", ids.get("nlb-target")).put("filterId", ids.get("all-traffic"));
    config.accept(c);
    String input = JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", ids.get("prod")).set("config", c).toString();
    fixture.register(JSON.readValue(input, VpcRegistration.class));
  }

  JsonNode reconcile() throws Exception {
    return fixture.reconcile(ids.get("prod"));
  }

  List<MirrorSession> owned() {
    return fixture.owned(fixture.hub());
  }

  String primaryEni(String ref) {
    return fixture.primaryEni(ids.get(ref));
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
