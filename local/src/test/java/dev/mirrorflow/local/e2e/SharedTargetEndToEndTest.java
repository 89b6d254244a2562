package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * add-vpc with a mirror target owned by another account (a capture hub) and shared with this one:
 * the workflow accepts it and every session of the VPC uses it.
 */
class SharedTargetEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "shared";
  static final String HUB = "111122223333";

  LocalCloud cloud;
  Deployment deployment;
  Map<String, String> ids;

  @BeforeEach
  void start() throws Exception {
    cloud = LocalCloud.create(0, LocalClock.speeded(20)).start();
    try (InputStream in = getClass().getResourceAsStream("/scenarios/two-subnets.json")) {
      ids = cloud.ec2().seed(Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void addVpc_whenTheTargetIsSharedByAHubAccount_mirrorsEveryEligibleEniToIt() {
    Ec2World world = cloud.ec2().world();
    String shared = world.createTargetOwnedBy(HUB, null, null, null, "vpce-0aaaabbbbccccdddd", "hub appliance", Map.of()).id();
    String vpc = ids.get("prod");

    Execution done = cloud.stepFunctions().startExecution(deployment.stateMachineArn("add-vpc"), vpc + "-add-vpc-shared",
        JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpc).set("config", JSON.createObjectNode()
            .put("targetId", shared).put("filterId", ids.get("all-traffic"))).toString()).await(Duration.ofMinutes(3));

    assertThat(done.status()).as("%s %s", done.error(), done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<MirrorSession> owned = world.sessions().stream()
        .filter(s -> CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster"))).toList();
    assertThat(owned).isNotEmpty().allSatisfy(s -> {
      assertThat(s.targetId()).isEqualTo(shared);
      assertThat(s.ownerId()).isEqualTo(Ec2World.ACCOUNT_ID);
    });
    assertThat(world.targets()).filteredOn(t -> t.id().equals(shared)).singleElement()
        .satisfies(t -> assertThat(t.ownerId()).isEqualTo(HUB));
  }
}
