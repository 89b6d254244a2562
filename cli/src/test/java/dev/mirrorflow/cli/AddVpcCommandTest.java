package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.MirrorSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code mirrorflow add-vpc} against the local cloud, through the add-vpc workflow. */
class AddVpcCommandTest {
  final LocalCli cli = new LocalCli();

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void addVpc_whenVpcHasMixedEnis_mirrorsExactlyTheEligibleOnesAndRegistersTheVpc() throws Exception {
    LocalCli.Result r = cli.run("add-vpc", cli.vpc);

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(cli.ownedEnis()).isEqualTo(cli.eligibleEnis());
    assertThat(cli.ownedSessions()).hasSize(5).allSatisfy(s -> {
      assertThat(s.targetId()).isEqualTo(cli.setup.defaultTargetId());
      assertThat(cli.world.tags(s.id())).containsEntry("mirrorflow:vpc", cli.vpc);
    });
    assertThat(r.out()).contains("sessions created", "SUCCEEDED", "created: 5", "instanceTypeUnsupported: 2",
        "NetworkInterfaceNotSupported: 1",
        "notInterfaceType: 3", "notAttachedToInstance: 1", "mirrorTarget: 1", "requesterManaged: 1");
    assertThat(r.out()).as("progress counts the first reconcile's sessions, each once").contains("5 sessions created")
        .doesNotContain("10 sessions created");
    JsonNode schedule = cli.schedule();
    assertThat(schedule.path("State").asText()).isEqualTo("ENABLED");
    assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("rate(1 minute)");
    JsonNode target = schedule.path("Target");
    assertThat(target.path("Arn").asText()).isEqualTo(cli.setup.deployment().stateMachineArn("scan-vpc"));
    assertThat(target.path("RoleArn").asText()).endsWith(":role/mirrorflow-t-scheduler");
    JsonNode registration = LocalCli.JSON.readTree(target.path("Input").asText());
    assertThat(registration.path("vpcId").asText()).isEqualTo(cli.vpc);
    assertThat(registration.path("config").path("filterId").asText()).isEqualTo(cli.setup.defaultFilterId());
    assertThat(cli.rules("mirrorflow-t")).as("no per-VPC rule on the cluster bus").doesNotContain(cli.vpc);
    assertThat(cli.rules("default")).as("no per-VPC rule on the default bus").doesNotContain(cli.vpc);
    assertThat(cli.foreign().targetId()).isEqualTo(cli.ids.get("ids"));
  }

  @Test
  void addVpc_whenAddedAgainWithTheSameConfig_changesNothing() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    List<MirrorSession> before = cli.ownedSessions();

    LocalCli.Result again = cli.run("--output", "json", "add-vpc", cli.vpc);

    assertThat(again.code()).as("%s", again).isZero();
    JsonNode output = again.json().path("output");
    assertThat(output.path("changed").asBoolean(true)).isFalse();
    assertThat(output.path("summary").path("created").asInt(-1)).isZero();
    assertThat(output.path("summary").path("deleted").asInt(-1)).isZero();
    assertThat(cli.ownedSessions()).isEqualTo(before);
  }

  @Test
  void addVpc_whenConfigChanges_updatesTheRegistrationAndReplacesTheSessions() throws Exception {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();

    LocalCli.Result r = cli.run("--output", "json", "add-vpc", cli.vpc, "--vni", "77", "--packet-length", "128");

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.json().path("output").path("summary").path("deleted").asInt()).isEqualTo(5);
    assertThat(cli.ownedEnis()).isEqualTo(cli.eligibleEnis());
    assertThat(cli.ownedSessions()).hasSize(5)
        .allSatisfy(s -> assertThat(List.of(s.virtualNetworkId(), s.packetLength())).containsExactly(77, 128));
    JsonNode config = LocalCli.JSON.readTree(cli.schedule().path("Target").path("Input").asText()).path("config");
    assertThat(config.path("virtualNetworkId").asInt()).isEqualTo(77);
    assertThat(config.path("packetLength").asInt()).isEqualTo(128);
  }

  /** Issue 12: re-running add-vpc with one option used to reset every other one. */
  @Test
  void addVpc_whenRunAgainWithOneOption_keepsTheOthersAndSaysWhatChanges() throws Exception {
    assertThat(cli.run("add-vpc", cli.vpc, "--session-number", "5", "--vni", "42").code()).isZero();

    LocalCli.Result r = cli.run("add-vpc", cli.vpc, "--packet-length", "128");
    LocalCli.Result again = cli.run("--output", "json", "add-vpc", cli.vpc);

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.out()).contains("changing packetLength", "packetLength: (none) -> 128").doesNotContain("sessionNumber: 5 ->");
    JsonNode config = LocalCli.JSON.readTree(cli.schedule().path("Target").path("Input").asText()).path("config");
    assertThat(config.path("sessionNumber").asInt()).isEqualTo(5);
    assertThat(config.path("virtualNetworkId").asInt()).isEqualTo(42);
    assertThat(config.path("packetLength").asInt()).isEqualTo(128);
    assertThat(cli.ownedSessions()).hasSize(5).allSatisfy(s ->
        assertThat(List.of(s.sessionNumber(), s.virtualNetworkId(), s.packetLength())).containsExactly(5, 42, 128));
    assertThat(again.json().path("output").path("changed").asBoolean(true)).as("nothing given: nothing changes").isFalse();
  }

  @Test
  void addVpc_withJsonOutput_printsOnlyTheResult() {
    LocalCli.Result r = cli.run("--output", "json", "add-vpc", cli.vpc, "--include-tag", "Name=web-1");

    assertThat(r.code()).as("%s", r).isZero();
    JsonNode result = r.json();
    assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(result.path("output").path("config").path("includeTags")).isEqualTo(
        LocalCli.JSON.valueToTree(Map.of("Name", "web-1")));
    assertThat(cli.ownedEnis()).containsExactlyInAnyOrder(cli.primaryEni(cli.ids.get("web-1")), cli.ids.get("web-1-data"));
  }

  @Test
  void addVpc_whenVpcIdMalformed_exitsWithUsageErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result r = cli.run("add-vpc", "vpc-XYZ");

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("malformed vpcId 'vpc-XYZ'", "vpc-0123456789abcdef0");
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void addVpc_whenVpcUnknown_exitsWithUsageErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result r = cli.run("add-vpc", "vpc-0123456789abcdef0");

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("VPC vpc-0123456789abcdef0 does not exist");
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void addVpc_whenTargetUnknownOrOptionOutOfRange_exitsWithUsageErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result target = cli.run("add-vpc", cli.vpc, "--target-id", "tmt-0123456789abcdef0");
    LocalCli.Result vni = cli.run("add-vpc", cli.vpc, "--vni", "16777216");
    LocalCli.Result tag = cli.run("add-vpc", cli.vpc, "--exclude-tag", "novalue");

    assertThat(List.of(target.code(), vni.code(), tag.code())).containsOnly(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(target.err()).contains("traffic mirror target tmt-0123456789abcdef0 does not exist", "--target-id");
    assertThat(vni.err()).contains("--vni must be 0 to 16777215");
    assertThat(tag.err()).contains("--exclude-tag takes KEY=VALUE");
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void addVpc_whenEndpointUnreachable_exitsWithUsageErrorSayingWhatToCheck() {
    String endpoint = cli.cloud.endpoint().toString();
    cli.close();

    LocalCli.Result r = LocalCli.runRaw("--endpoint-url", endpoint, "add-vpc", "vpc-0123456789abcdef0");

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("cannot reach AWS at " + endpoint, "check --endpoint-url");
  }

  @Test
  void addVpcWorkflow_whenStartedWithAnUnknownVpc_failsWithANamedErrorAndCreatesNoSchedule() {
    String arn = cli.setup.deployment().stateMachineArn("add-vpc");
    var execution = cli.cloud.stepFunctions().startExecution(arn, "console-start",
        "{\"cluster\":\"t\",\"vpcId\":\"vpc-0123456789abcdef0\",\"config\":{}}").await(java.time.Duration.ofMinutes(5));

    assertThat(execution.error()).contains("dev.mirrorflow.activities.lifecycle.VpcNotFoundException");
    assertThat(cli.schedule("vpc-0123456789abcdef0")).isNull();
    assertThat(cli.ownedSessions()).isEmpty();
  }
}
