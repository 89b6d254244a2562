package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * scan, plan, status, executions, and the usage errors common to every command, against the local
 * cloud on a real-time clock (so the VPC's every-minute scheduled scan does not run during a test).
 */
class OtherCommandsTest {
  final LocalCli cli = new LocalCli(1);

  @AfterEach
  void stop() {
    cli.close();
  }

  MirrorSession deleteOneOwnedSessionOutOfBand() {
    MirrorSession victim = cli.ownedSessions().get(0);
    cli.world.deleteSession(victim.id());
    return victim;
  }

  /**
   * A new ENI attached to an instance already there: no instance state change, so no event reaches
   * the event path (when it is deployed) and only the scan under test can mirror it.
   */
  String attach(String instanceRef, int deviceIndex) {
    String instance = cli.ids.get(instanceRef);
    String subnet = cli.world.instance(instance).orElseThrow().subnetId();
    String eni = cli.world.createNetworkInterface(Ec2World.NewNetworkInterface.of(subnet, "interface", false)).id();
    cli.world.attachNetworkInterface(eni, instance, deviceIndex);
    return eni;
  }

  @Test
  void scan_whenAnEniWasAttached_mirrorsIt() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    String launched = attach("web-2", 1);

    LocalCli.Result r = cli.run("scan", cli.vpc);

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.out()).contains("reconcile-vpc " + cli.vpc + ": SUCCEEDED", "created: 1", "kept: 5");
    assertThat(cli.ownedEnis()).contains(launched).containsAll(cli.eligibleEnis()).hasSize(6);
  }

  @Test
  void scan_whenGivenASubnet_reconcilesOnlyThatSubnet() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    String inWebA = attach("web-1", 2);
    String inWebB = attach("web-2", 1);

    LocalCli.Result r = cli.run("--output", "json", "scan", cli.vpc, "--subnet", cli.ids.get("web-b"));

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.json().path("output").path("created").asInt()).isEqualTo(1);
    assertThat(cli.ownedEnis()).contains(inWebB).doesNotContain(inWebA);
  }

  @Test
  void scan_whenVpcNotRegistered_exitsWithUsageErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result r = cli.run("scan", cli.vpc);

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("is not registered");
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void scan_withNoWait_returnsTheRunningExecution() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();

    LocalCli.Result r = cli.run("--output", "json", "scan", cli.vpc, "--no-wait");

    assertThat(r.code()).isZero();
    String arn = r.json().path("executionArn").asText();
    assertThat(arn).contains(":execution:mirrorflow-t-reconcile-vpc:" + cli.vpc + "-reconcile-vpc-");
    assertThat(cli.await(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void plan_whenASessionIsMissing_saysWhatAReconcileWouldDoAndChangesNothing() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    MirrorSession victim = deleteOneOwnedSessionOutOfBand();
    List<MirrorSession> before = cli.ownedSessions();

    LocalCli.Result r = cli.run("--output", "json", "plan", cli.vpc);

    assertThat(r.code()).as("%s", r).isZero();
    JsonNode output = r.json().path("output");
    assertThat(output.path("dryRun").asBoolean()).isTrue();
    assertThat(output.path("wouldCreate").asInt()).isEqualTo(1);
    assertThat(output.path("kept").asInt()).isEqualTo(4);
    assertThat(cli.ownedSessions()).isEqualTo(before).noneMatch(s -> s.networkInterfaceId().equals(victim.networkInterfaceId()));
  }

  @Test
  void plan_forAnUnregisteredVpcWithAddVpcOptions_previewsAddVpcAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result json = cli.run("--output", "json", "plan", cli.vpc, "--include-tag", "Name=web-1");
    LocalCli.Result table = cli.run("plan", cli.vpc);

    assertThat(json.code()).as("%s", json).isZero();
    assertThat(json.json().path("registered").asBoolean(true)).isFalse();
    assertThat(json.json().path("wouldCreate").asInt()).isEqualTo(2);
    assertThat(json.json().path("skipped").path("excludedByTags").asInt()).isPositive();
    assertThat(json.json().path("config").path("targetId").asText()).isEqualTo(cli.setup.defaultTargetId());
    assertThat(table.code()).as("%s", table).isZero();
    // The five eligible ENIs and search's m8i: the preview cannot know yet that EC2 refuses that type here.
    assertThat(table.out()).contains("not registered yet", "wouldCreate: 6", "would get a session");
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void plan_forARegisteredVpcWithAnOption_showsTheChangeAndTheSessionsItReplaces() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result r = cli.run("--output", "json", "plan", cli.vpc, "--vni", "77");

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.json().path("changes").path("virtualNetworkId").asText()).endsWith("-> 77");
    assertThat(r.json().path("wouldDelete").asInt()).isEqualTo(5);
    assertThat(r.json().path("wouldCreate").asInt()).isEqualTo(5);
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void status_whenAVpcIsRegistered_showsItsStateConfigAndLastReconcile() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();

    LocalCli.Result json = cli.run("--output", "json", "status");
    LocalCli.Result table = cli.run("status", cli.vpc);

    assertThat(json.code()).as("%s", json).isZero();
    JsonNode vpc = json.json().get(0);
    assertThat(vpc.path("vpcId").asText()).isEqualTo(cli.vpc);
    assertThat(vpc.path("state").asText()).isEqualTo("active");
    assertThat(vpc.path("config").path("targetId").asText()).isEqualTo(cli.setup.defaultTargetId());
    assertThat(vpc.path("live").path("mirrored").asInt()).isEqualTo(5);
    assertThat(vpc.path("live").path("skipped").path("notInterfaceType").asInt()).isEqualTo(3);
    assertThat(vpc.path("lastRun").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(table.code()).isZero();
    assertThat(table.out()).contains("VPC", "STATE", cli.vpc, "active", "instanceTypeUnsupported=2");
  }

  /** Issue 12: status counted only whole-VPC reconciles, so a subnet's reconcile (an event's) was not in it. */
  @Test
  void status_afterASubnetReconcileAndABareAttach_showsTheLiveCounts() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    String reconciled = attach("web-2", 1);
    String subnet = cli.world.networkInterface(reconciled).orElseThrow().subnetId();
    assertThat(cli.run("scan", cli.vpc, "--subnet", subnet).code()).isZero();
    attach("web-1", 2);

    JsonNode vpc = cli.run("--output", "json", "status", cli.vpc).json().get(0);

    assertThat(vpc.path("live").path("mirrored").asInt()).isEqualTo(6);
    assertThat(vpc.path("live").path("pending").asInt()).isEqualTo(1);
    assertThat(vpc.path("live").path("eligible").asInt()).isEqualTo(7);
    assertThat(vpc.path("live").path("readAt").asText()).isNotEmpty();
  }

  @Test
  void statusEnis_showsEveryEniWithItsSessionOrSkipReason() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();

    LocalCli.Result json = cli.run("--output", "json", "status", cli.vpc, "--enis");
    LocalCli.Result table = cli.run("status", cli.vpc, "--enis");

    assertThat(json.code()).as("%s", json).isZero();
    JsonNode enis = json.json().get(0).path("enis");
    assertThat(enis).hasSize((int) cli.world.networkInterfaces().stream()
        .filter(n -> cli.vpc.equals(n.vpcId())).count());
    java.util.Set<String> mirrored = new java.util.TreeSet<>();
    for (JsonNode eni : enis) {
      if ("mirrored".equals(eni.path("state").asText())) {
        mirrored.add(eni.path("eniId").asText());
        String sessionId = eni.path("session").path("sessionId").asText();
        assertThat(cli.ownedSessions()).anyMatch(s -> s.id().equals(sessionId)
            && s.networkInterfaceId().equals(eni.path("eniId").asText()));
        assertThat(eni.path("session").path("sessionNumber").asInt()).isPositive();
      } else {
        assertThat(eni.path("state").asText()).isEqualTo("skipped");
        assertThat(eni.path("skipReason").asText()).isNotEmpty();
      }
    }
    assertThat(mirrored).isEqualTo(cli.eligibleEnis());
    assertThat(enis.findValues("foreignSessions").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(1);
    assertThat(table.out()).contains("SESSION OR SKIP REASON", "skipped: instanceTypeUnsupported", "m5.large", "(+1 foreign)");
  }

  @Test
  void status_whenNothingIsRegistered_saysSoEvenWithAnotherClustersSchedules() {
    // Cluster "t-x"'s group also starts with "mirrorflow-t": its schedules are not registrations of cluster "t".
    cli.cloud.server().dispatch(new dev.mirrorflow.local.http.LocalRequest("POST", "/schedule-groups/mirrorflow-t-x",
        "", java.util.Map.of(), null));
    cli.cloud.server().dispatch(new dev.mirrorflow.local.http.LocalRequest("POST", "/schedules/vpc-0123456789abcdef0",
        "", java.util.Map.of(), ("{\"GroupName\":\"mirrorflow-t-x\",\"ScheduleExpression\":\"rate(1 day)\","
            + "\"StartDate\":4102444800,\"FlexibleTimeWindow\":{\"Mode\":\"OFF\"},\"Target\":{\"Arn\":"
            + "\"arn:aws:states:us-east-1:000000000000:stateMachine:x\",\"RoleArn\":\"arn:aws:iam::000000000000:role/x\"}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    LocalCli.Result r = cli.run("status");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("no VPC is registered with cluster 't'");
  }

  @Test
  void executions_whenAVpcWasAddedAndScanned_listsTheRunsWithTheirOutcomeAndLink() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    assertThat(cli.run("scan", cli.vpc).code()).isZero();

    LocalCli.Result json = cli.run("--output", "json", "executions", cli.vpc);
    LocalCli.Result table = cli.run("executions", cli.vpc);

    assertThat(json.code()).isZero();
    List<String> workflows = json.json().findValuesAsText("workflow");
    assertThat(workflows).contains("add-vpc", "reconcile-vpc");
    assertThat(json.json().findValuesAsText("status")).containsOnly("SUCCEEDED");
    assertThat(json.json().findValuesAsText("link")).allMatch(l -> l.contains("describe-execution --execution-arn"));
    assertThat(table.out()).contains("WORKFLOW", "add-vpc", "SUCCEEDED");
  }

  @Test
  void anyCommand_whenUsageIsWrong_exitsWithUsageErrorBeforeAnythingStarts() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result unknownOption = cli.run("add-vpc", cli.vpc, "--vnii", "3");
    LocalCli.Result missingVpc = cli.run("remove-vpc");
    LocalCli.Result badCluster = LocalCli.runRaw("--endpoint-url", cli.cloud.endpoint().toString(),
        "--cluster", "no_such/cluster", "status");
    LocalCli.Result badEndpoint = LocalCli.runRaw("--endpoint-url", "not a url", "status");
    LocalCli.Result unknownCluster = LocalCli.runRaw("--endpoint-url", cli.cloud.endpoint().toString(),
        "--cluster", "other", "add-vpc", cli.vpc);

    assertThat(List.of(unknownOption.code(), missingVpc.code(), badCluster.code(), badEndpoint.code(),
        unknownCluster.code())).containsOnly(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(unknownOption.err()).contains("--vnii");
    assertThat(missingVpc.err()).contains("VPC_ID");
    assertThat(badCluster.err()).contains("--cluster");
    assertThat(unknownCluster.err()).contains("cluster 'other' has no state machine mirrorflow-other-add-vpc");
    assertThat(cli.snapshot()).isEqualTo(before);
  }
}
