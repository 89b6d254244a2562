package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.MirrorSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** reconcile-vpc.asl.json on the local cloud, through the real SDK, with the real activities. */
class ReconcileVpcEndToEndTest {
  static final String CLUSTER = "e2e";

  ClusterFixture fixture;
  LocalCloud cloud;
  Map<String, String> ids;

  @BeforeEach
  void start() {
    fixture = ClusterFixture.seeded(CLUSTER, LocalClock.speeded(20), "two-subnets").deploy();
    cloud = fixture.cloud;
    ids = fixture.ids;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  void register(String vpcId) {
    fixture.register(new VpcRegistration(CLUSTER, vpcId,
        VpcMirroringConfig.of(ids.get("gwlbe-target"), ids.get("all-traffic"))));
  }

  JsonNode reconcile(String vpcId) throws Exception {
    return fixture.reconcile(vpcId);
  }

  List<MirrorSession> ownedSessions() {
    return fixture.owned(fixture.hub());
  }

  String primaryEni(String instanceId) {
    return fixture.primaryEni(instanceId);
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
