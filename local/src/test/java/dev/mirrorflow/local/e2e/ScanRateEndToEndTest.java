package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * Issue 13: a cluster's scan cadence is a deployment setting; add-vpc writes each VPC's schedule with
 * it, both when it creates the schedule and when it replaces one (UpdateSchedule).
 */
class ScanRateEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void addVpc_onAClusterDeployedWithFiveMinutes_writesThatScheduleExpression() throws Exception {
    try (LocalCloud cloud = LocalCloud.create(0, LocalClock.speeded(20)).start();
        SchedulerClient scheduler = AwsClients.configure(SchedulerClient.builder(),
            Environment.local(cloud.endpoint(), "us-east-1", Map.of())).build()) {
      Map<String, String> ids;
      try (InputStream in = LocalCloud.class.getResourceAsStream("/scenarios/two-subnets.json")) {
        ids = cloud.ec2().seed(Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
      String vpc = ids.get("prod");
      Deployment deployment = cloud.deployCluster("slow", LocalCloud.stateMachinesDirectory(),
          ids.get("gwlbe-target"), ids.get("all-traffic"), AllowedMirrorResources.any(), "rate(5 minutes)");

      Execution created = addVpc(cloud, deployment, vpc, "first", null);
      assertThat(created.status()).as("%s %s", created.error(), created.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(scheduler.getSchedule(b -> b.groupName("mirrorflow-slow").name(vpc)).scheduleExpression())
          .isEqualTo("rate(5 minutes)");

      // Another config replaces the schedule through UpdateSchedule, which carries the cadence too.
      Execution replaced = addVpc(cloud, deployment, vpc, "second", ids.get("sensor-target"));
      assertThat(replaced.status()).as("%s %s", replaced.error(), replaced.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
      var schedule = scheduler.getSchedule(b -> b.groupName("mirrorflow-slow").name(vpc));
      assertThat(schedule.target().input()).contains(ids.get("sensor-target"));
      assertThat(schedule.scheduleExpression()).isEqualTo("rate(5 minutes)");
    }
  }

  static Execution addVpc(LocalCloud cloud, Deployment deployment, String vpc, String name, String targetId) {
    var config = JSON.createObjectNode();
    if (targetId != null) {
      config.put("targetId", targetId);
    }
    return cloud.stepFunctions().startExecution(deployment.stateMachineArn("add-vpc"), vpc + "-add-vpc-" + name,
        JSON.createObjectNode().put("cluster", "slow").put("vpcId", vpc).set("config", config).toString())
        .await(Duration.ofMinutes(3));
  }
}
