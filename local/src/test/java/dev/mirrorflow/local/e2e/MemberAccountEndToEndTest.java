package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A VPC in a member account, end to end on the local cloud: the hub's steps assume the member role,
 * sessions are created in the member account to a target the hub shares with RAM, the member's
 * forwarded state changes and the scans keep them in step, remove-vpc takes them away; the hub's own
 * VPC keeps its sessions throughout. The refusals (role unassumable, VPC not there, target not
 * shared) are named and change nothing.
 */
class MemberAccountEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "org";
  static final String MEMBER = "222222222222";
  static final String NO_STACK = "333333333333";

  ClusterFixture fixture;
  LocalCloud cloud;
  Deployment deployment;
  Ec2World hub;
  Ec2World member;
  Map<String, String> hubIds;
  Map<String, String> memberIds;
  String sharedTarget;

  @BeforeEach
  void start() {
    fixture = ClusterFixture.seeded(CLUSTER, LocalClock.speeded(20), "two-subnets");
    cloud = fixture.cloud;
    hub = fixture.hub();
    member = cloud.ec2().world(MEMBER);
    hubIds = fixture.ids;
    memberIds = fixture.seed(MEMBER);
    fixture.seed(NO_STACK);
    deployment = fixture.deploy().deployment();
    assertThat(cloud.putStateChangeRule(CLUSTER, LocalCloud.stateMachinesDirectory(), deployment)).isTrue();
    cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
    cloud.acceptMembers(CLUSTER, LocalCloud.stateMachinesDirectory(), deployment, List.of(MEMBER), null);
    sharedTarget = hub.createTarget(null, null, null, "vpce-0aaaabbbbccccdddd", "hub appliance", Map.of()).id();
    cloud.ec2().shareTarget(LocalCloud.ACCOUNT_ID, sharedTarget, MEMBER);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  Execution run(String workflow, ObjectNode input) {
    return fixture.run(workflow, input);
  }

  ObjectNode addVpc(String vpcId, String account, String targetId, String filterId) {
    ObjectNode config = JSON.createObjectNode().put("targetId", targetId).put("filterId", filterId);
    if (account != null) {
      config.put("account", account);
    }
    ObjectNode input = JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcId);
    input.set("config", config);
    return input;
  }

  List<MirrorSession> owned(Ec2World world) {
    return fixture.owned(world);
  }

  Set<String> sources(Ec2World world) {
    return owned(world).stream().map(MirrorSession::networkInterfaceId).collect(Collectors.toSet());
  }

  void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(() -> "waiting for " + what + "; executions: " + cloud.stepFunctions().executions()
          .stream().map(e -> e.name() + " " + e.status() + " " + e.error().orElse("") + " " + e.cause().orElse(""))
          .toList()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void memberVpc_isMirroredInItsAccountKeptInStepByForwardedEventsAndScansAndRemoved_andTheHubsVpcIsUntouched()
      throws Exception {
    Execution hubAdd = run("add-vpc", addVpc(hubIds.get("prod"), null, sharedTarget, hubIds.get("all-traffic")));
    assertThat(hubAdd.status()).as("%s %s", hubAdd.error(), hubAdd.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Set<String> hubSources = sources(hub);
    Set<String> hubSessions = owned(hub).stream().map(MirrorSession::id).collect(Collectors.toSet());
    assertThat(hubSources).isNotEmpty();

    Execution added = run("add-vpc", addVpc(memberIds.get("prod"), MEMBER, sharedTarget, memberIds.get("all-traffic")));
    assertThat(added.status()).as("%s %s", added.error(), added.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(owned(member)).isNotEmpty().allSatisfy(s -> {
      assertThat(s.ownerId()).isEqualTo(MEMBER);
      assertThat(s.targetId()).isEqualTo(sharedTarget);
    });
    // The same scenario in both accounts: the member's eligible ENIs are mirrored as the hub's are.
    assertThat(sources(member)).hasSameSizeAs(hubSources);

    // A launch in the member account reaches the cluster bus as a forwarded event and is mirrored.
    String subnet = memberIds.get("app-a");
    String launched = member.runInstances(subnet, "m5.large", 1, Map.of(), Map.of()).get(0).id();
    String launchedEni = member.networkInterfaces().stream()
        .filter(e -> e.attachment() != null && e.attachment().instanceId().equals(launched))
        .map(NetworkInterface::id).findFirst().orElseThrow();
    await(() -> sources(member).contains(launchedEni), "the launched member instance's session");

    // A session deleted behind the cluster's back is restored by the VPC's scan (its schedule fires on the clock).
    MirrorSession victim = owned(member).get(0);
    member.deleteSession(victim.id());
    await(() -> sources(member).contains(victim.networkInterfaceId()), "the scan to restore the deleted session");

    Execution removed = run("remove-vpc", JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", memberIds.get("prod")));
    assertThat(removed.status()).as("%s %s", removed.error(), removed.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(owned(member)).isEmpty();

    // Nothing any of it did touched the hub's own sessions.
    assertThat(owned(hub).stream().map(MirrorSession::id).collect(Collectors.toSet())).isEqualTo(hubSessions);
  }

  @Test
  void addVpc_whenTheAccountHasNoMemberStack_failsMemberRoleUnassumableAndChangesNothing() {
    Execution failed = run("add-vpc", addVpc(memberIds.get("prod"), NO_STACK, sharedTarget, memberIds.get("all-traffic")));

    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.error()).hasValue("dev.mirrorflow.activities.lifecycle.MemberRoleUnassumableException");
    assertThat(failed.cause().orElseThrow()).contains("deploy the member stack in " + NO_STACK);
    assertNothingChanged();
  }

  @Test
  void addVpc_whenTheVpcIsNotInThatAccount_failsVpcNotFoundAndChangesNothing() {
    Execution failed = run("add-vpc", addVpc(hubIds.get("prod"), MEMBER, sharedTarget, memberIds.get("all-traffic")));

    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.error()).hasValue("dev.mirrorflow.activities.lifecycle.VpcNotFoundException");
    assertThat(failed.cause().orElseThrow()).contains("account " + MEMBER);
    assertNothingChanged();
  }

  @Test
  void addVpc_whenTheTargetIsNotSharedWithTheAccount_failsTargetNotSharedAndChangesNothing() {
    String unshared = hub.createTarget(null, null, null, "vpce-0bbbbccccddddeeee", "not shared", Map.of()).id();

    Execution failed = run("add-vpc", addVpc(memberIds.get("prod"), MEMBER, unshared, memberIds.get("all-traffic")));

    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.error()).hasValue("dev.mirrorflow.activities.lifecycle.TargetNotSharedException");
    assertThat(failed.cause().orElseThrow()).contains("share the target with RAM");
    assertNothingChanged();
  }

  private void assertNothingChanged() {
    assertThat(owned(member)).isEmpty();
    assertThat(owned(hub)).isEmpty();
    assertThat(cloud.scheduler().schedules()).isEmpty();
  }
}
