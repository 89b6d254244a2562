package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

/**
 * Where issues 14 and 20 meet, on the local cloud: a VPC in a member account is held to the hub's
 * allowlist (add-vpc --account refuses a target the hub shares but does not allow, before the member
 * checks could pass it), and the registration's digest covers its account (a registration moved to
 * another account behind add-vpc's back is not acted on).
 */
class MemberAllowlistEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "org";
  static final String MEMBER = "222222222222";

  ClusterFixture fixture;
  LocalCloud cloud;
  Deployment deployment;
  Ec2World hub;
  Ec2World member;
  Map<String, String> memberIds;
  String allowedTarget;
  String foreignTarget;
  SchedulerClient scheduler;

  @BeforeEach
  void start() {
    fixture = ClusterFixture.seeded(CLUSTER, LocalClock.speeded(20), "two-subnets");
    cloud = fixture.cloud;
    hub = fixture.hub();
    member = cloud.ec2().world(MEMBER);
    memberIds = fixture.seed(MEMBER);
    // Both targets are the hub's and both are shared with the member: only the allowlist tells them apart.
    allowedTarget = hub.createTarget(null, null, null, "vpce-0aaaabbbbccccdddd", "allowed appliance", Map.of()).id();
    foreignTarget = hub.createTarget(null, null, null, "vpce-0bbbbccccddddeeee", "foreign appliance", Map.of()).id();
    cloud.ec2().shareTarget(LocalCloud.ACCOUNT_ID, allowedTarget, MEMBER);
    cloud.ec2().shareTarget(LocalCloud.ACCOUNT_ID, foreignTarget, MEMBER);
    deployment = fixture.deploy(AllowedMirrorResources.of(Set.of(allowedTarget), Set.of(memberIds.get("all-traffic"))))
        .deployment();
    cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
    scheduler = AwsClients.configure(SchedulerClient.builder(),
        Environment.local(cloud.endpoint(), "us-east-1", Map.of())).build();
  }

  @AfterEach
  void stop() {
    scheduler.close();
    fixture.close();
  }

  Execution run(String workflow, ObjectNode input) {
    return fixture.run(workflow, input);
  }

  Execution addVpc(String targetId) {
    ObjectNode input = JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", memberIds.get("prod"));
    input.putObject("config").put("targetId", targetId).put("filterId", memberIds.get("all-traffic"))
        .put("account", MEMBER);
    return run("add-vpc", input);
  }

  List<MirrorSession> owned(Ec2World world) {
    return fixture.owned(world);
  }

  @Test
  void addVpcInAMemberAccount_whenTheSharedTargetIsNotAllowed_failsMirrorResourceNotAllowed_andChangesNothing() {
    Execution refused = addVpc(foreignTarget);

    assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(refused.error()).hasValue("dev.mirrorflow.activities.guard.MirrorResourceNotAllowedException");
    assertThat(cloud.scheduler().schedules()).isEmpty();
    assertThat(owned(member)).isEmpty();
    assertThat(owned(hub)).isEmpty();

    // The allowed one passes the member checks as well, and its sessions are the member's.
    Execution added = addVpc(allowedTarget);
    assertThat(added.status()).as("%s %s", added.error(), added.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(owned(member)).isNotEmpty().allSatisfy(s -> assertThat(s.targetId()).isEqualTo(allowedTarget));
  }

  @Test
  void registrationWhoseAccountWasChangedBehindAddVpc_isNotConfirmed_andTheReconcileChangesNothing() {
    Execution added = addVpc(allowedTarget);
    assertThat(added.status()).as("%s %s", added.error(), added.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<String> before = owned(member).stream().map(MirrorSession::id).sorted().toList();
    assertThat(before).isNotEmpty();

    // Everything as add-vpc wrote it but the account (here: the hub's own), the Description kept.
    String vpc = memberIds.get("prod");
    GetScheduleResponse schedule = scheduler.getSchedule(b -> b.groupName("mirrorflow-" + CLUSTER).name(vpc));
    String moved = new AllowedTargetsEndToEndTest.VpcRegistrationJson().write(new VpcRegistration(CLUSTER, vpc,
        VpcMirroringConfig.of(allowedTarget, memberIds.get("all-traffic"))));
    scheduler.updateSchedule(b -> b.groupName(schedule.groupName()).name(schedule.name())
        .scheduleExpression(schedule.scheduleExpression()).flexibleTimeWindow(schedule.flexibleTimeWindow())
        .state(schedule.state()).description(schedule.description())
        .target(schedule.target().toBuilder().input(moved).build()));
    SchedulerVpcRegistry registry = new SchedulerVpcRegistry(scheduler);
    assertThat(registry.lookup(CLUSTER, vpc).orElseThrow().config().account()).isNull();
    assertThat(registry.lookup(CLUSTER, vpc).orElseThrow().confirmed()).isFalse();

    Execution refused = run("reconcile-vpc", JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpc));
    assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(refused.error()).hasValue("dev.mirrorflow.activities.guard.RegistrationNotConfirmedException");
    assertThat(owned(member).stream().map(MirrorSession::id).sorted().toList()).isEqualTo(before);
    assertThat(owned(hub)).isEmpty();
  }
}
