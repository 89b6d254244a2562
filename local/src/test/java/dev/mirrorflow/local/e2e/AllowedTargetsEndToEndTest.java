package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.activities.registry.VpcRegistry;
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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

/**
 * Issue 20 on the local cloud, through the real workflows and steps: a cluster deployed to allow one
 * target and one filter refuses add-vpc with another target before writing anything, and a
 * registration changed behind add-vpc's back (an UpdateSchedule of its Input) is read as not
 * confirmed and no reconcile acts on it until add-vpc confirms a config.
 */
class AllowedTargetsEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "guarded";

  LocalCloud cloud;
  Deployment deployment;
  Map<String, String> ids;
  Ec2World world;
  String vpc;
  String allowedTarget;
  String foreignTarget;
  String filter;
  SchedulerClient scheduler;

  @BeforeEach
  void start() throws Exception {
    cloud = LocalCloud.create(0, LocalClock.speeded(20)).start();
    try (InputStream in = LocalCloud.class.getResourceAsStream("/scenarios/two-subnets.json")) {
      ids = cloud.ec2().seed(Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    world = cloud.ec2().world();
    vpc = ids.get("prod");
    allowedTarget = ids.get("gwlbe-target");
    foreignTarget = ids.get("sensor-target");
    filter = ids.get("all-traffic");
    deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), allowedTarget, filter,
        AllowedMirrorResources.of(Set.of(allowedTarget), Set.of(filter)));
    scheduler = AwsClients.configure(SchedulerClient.builder(),
        Environment.local(cloud.endpoint(), "us-east-1", Map.of())).build();
  }

  @AfterEach
  void stop() {
    scheduler.close();
    cloud.close();
  }

  Execution addVpc(String name, String targetId) {
    var config = JSON.createObjectNode();
    if (targetId != null) {
      config.put("targetId", targetId);
    }
    return cloud.stepFunctions().startExecution(deployment.stateMachineArn("add-vpc"), vpc + "-add-vpc-" + name,
        JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpc).set("config", config).toString())
        .await(Duration.ofMinutes(3));
  }

  Execution reconcile(String name) {
    return cloud.stepFunctions().startExecution(deployment.stateMachineArn("reconcile-vpc"), vpc + "-reconcile-" + name,
        JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpc).toString()).await(Duration.ofMinutes(3));
  }

  List<MirrorSession> owned() {
    return world.sessions().stream().filter(s -> CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster"))).toList();
  }

  VpcRegistry registry() {
    return new SchedulerVpcRegistry(scheduler);
  }

  @Test
  void addVpc_whenTheTargetIsNotAllowed_failsByNameAndWritesAndCreatesNothing() {
    Execution done = addVpc("foreign", foreignTarget);

    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(done.error()).contains("dev.mirrorflow.activities.guard.MirrorResourceNotAllowedException");
    assertThat(registry().lookup(CLUSTER, vpc)).isEmpty();
    assertThat(owned()).isEmpty();
  }

  @Test
  void registrationChangedBehindAddVpc_isFlaggedAndNotActedOn_untilAddVpcConfirmsIt() {
    Execution added = addVpc("first", null);
    assertThat(added.status()).as("%s %s", added.error(), added.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<String> before = owned().stream().map(MirrorSession::id).sorted().toList();
    assertThat(before).isNotEmpty();
    assertThat(owned()).allSatisfy(s -> assertThat(s.targetId()).isEqualTo(allowedTarget));
    assertThat(registry().lookup(CLUSTER, vpc).orElseThrow().confirmed()).isTrue();

    // Someone with scheduler:UpdateSchedule points the VPC's copy elsewhere, keeping the rest.
    GetScheduleResponse schedule = scheduler.getSchedule(b -> b.groupName("mirrorflow-" + CLUSTER).name(vpc));
    String tampered = new VpcRegistrationJson().write(new VpcRegistration(CLUSTER, vpc,
        VpcMirroringConfig.of(foreignTarget, filter)));
    scheduler.updateSchedule(b -> b.groupName(schedule.groupName()).name(schedule.name())
        .scheduleExpression(schedule.scheduleExpression()).flexibleTimeWindow(schedule.flexibleTimeWindow())
        .state(schedule.state()).description(schedule.description())
        .target(schedule.target().toBuilder().input(tampered).build()));

    VpcRegistry.Registered read = registry().lookup(CLUSTER, vpc).orElseThrow();
    assertThat(read.confirmed()).isFalse();
    assertThat(read.config().targetId()).isEqualTo(foreignTarget);

    Execution refused = reconcile("after-tamper");
    assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(refused.error()).contains("dev.mirrorflow.activities.guard.RegistrationNotConfirmedException");
    assertThat(owned().stream().map(MirrorSession::id).sorted().toList()).isEqualTo(before);
    assertThat(owned()).allSatisfy(s -> assertThat(s.targetId()).isEqualTo(allowedTarget));

    // The owner confirms the config they want; the reconcile acts again.
    Execution confirmed = addVpc("confirm", allowedTarget);
    assertThat(confirmed.status()).as("%s %s", confirmed.error(), confirmed.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(registry().lookup(CLUSTER, vpc).orElseThrow().confirmed()).isTrue();
    assertThat(reconcile("after-confirm").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(owned().stream().map(MirrorSession::id).sorted().toList()).isEqualTo(before);
  }

  @Test
  void registrationChangedToAForeignTargetWithAMatchingDigest_isRefusedByTheAllowlist_nothingDeletedOrCreated() {
    Execution added = addVpc("first", null);
    assertThat(added.status()).as("%s %s", added.error(), added.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<String> before = owned().stream().map(MirrorSession::id).sorted().toList();

    // An attacker who knows the digest's format writes a matching one: the allowlist still holds.
    VpcRegistration foreign = new VpcRegistration(CLUSTER, vpc, VpcMirroringConfig.of(foreignTarget, filter));
    cloud.registerVpc(deployment, foreign, java.time.Instant.now().plus(Duration.ofDays(1)));
    assertThat(registry().lookup(CLUSTER, vpc).orElseThrow().confirmed()).isTrue();

    Execution refused = reconcile("foreign");
    assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(refused.error()).contains("dev.mirrorflow.activities.guard.MirrorResourceNotAllowedException");
    assertThat(owned().stream().map(MirrorSession::id).sorted().toList()).isEqualTo(before);
    assertThat(world.sessions()).noneMatch(s -> s.targetId().equals(foreignTarget)
        && CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster")));
  }

  /** The registration's JSON as add-vpc renders it. */
  static final class VpcRegistrationJson {
    String write(VpcRegistration registration) {
      try {
        return new ObjectMapper().writeValueAsString(registration);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
