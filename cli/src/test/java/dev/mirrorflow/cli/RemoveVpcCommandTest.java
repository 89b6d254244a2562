package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code mirrorflow remove-vpc} against the local cloud, through the remove-vpc workflow. */
class RemoveVpcCommandTest {
  final LocalCli cli = new LocalCli();

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void removeVpc_whenRegistered_deletesEveryOwnedSessionKeepsTheForeignOneAndDeregisters() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    MirrorSession foreign = cli.foreign();
    Map<String, String> foreignTags = cli.world.tags(foreign.id());

    LocalCli.Result r = cli.run("--output", "json", "remove-vpc", cli.vpc);

    assertThat(r.code()).as("%s", r).isZero();
    JsonNode output = r.json().path("output");
    assertThat(output.path("deleted").asInt()).isEqualTo(5);
    assertThat(output.path("remaining").asInt(-1)).isZero();
    assertThat(cli.ownedSessions()).isEmpty();
    assertThat(cli.foreign()).isEqualTo(foreign);
    assertThat(cli.world.tags(foreign.id())).isEqualTo(foreignTags);
    assertThat(cli.schedule()).isNull();
  }

  @Test
  void removeVpc_whenNotRegistered_exitsWithUsageErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result r = cli.run("remove-vpc", cli.vpc);

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains(cli.vpc + " is not registered with cluster 't'", "mirrorflow add-vpc " + cli.vpc);
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void removeVpc_whenVpcIdMalformed_exitsWithUsageErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result r = cli.run("remove-vpc", "subnet-0123456789abcdef0");

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("malformed vpcId");
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void removeVpcWorkflow_whenStartedForAnUnregisteredVpc_failsWithANamedErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();
    String arn = cli.setup.deployment().stateMachineArn("remove-vpc");

    Execution execution = cli.cloud.stepFunctions()
        .startExecution(arn, "console-start", "{\"vpcId\":\"" + cli.vpc + "\"}").await(Duration.ofMinutes(5));

    assertThat(execution.error()).contains("dev.mirrorflow.activities.registry.VpcNotRegisteredException");
    Map<String, Object> after = cli.snapshot();
    after.remove("executions");
    before.remove("executions");
    assertThat(after).isEqualTo(before);
  }

  /**
   * Invariant 3: a scan creating sessions while the VPC is removed. EC2 is made slow so that the
   * scan is still creating when remove-vpc closes the gate; its later batches must skip, and the
   * purge after the wait must find everything the in-flight batch made.
   */
  @Test
  void removeVpc_whenAScanIsCreatingSessionsMeanwhile_leavesZeroOwnedSessionsAndTheForeignOneUntouched() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    MirrorSession foreign = cli.foreign();
    // New ENIs on web-1, not new instances: no state-change event, so only the scan creates (and races).
    for (int device = 2; device < 47; device++) {
      String eni = cli.world.createNetworkInterface(
          Ec2World.NewNetworkInterface.of(cli.ids.get("web-a"), "interface", false)).id();
      cli.world.attachNetworkInterface(eni, cli.ids.get("web-1"), device);
    }
    int before = cli.ownedSessions().size();
    cli.world.knobs().latency(Duration.ofMillis(1500), Duration.ofMillis(1500));

    LocalCli.Result scan = cli.run("--output", "json", "scan", cli.vpc, "--no-wait");
    assertThat(scan.code()).as("%s", scan).isZero();
    String scanArn = scan.json().path("executionArn").asText();
    // The race is real only once the scan is creating: wait for its first new session.
    assertThat(cli.awaitCondition(() -> cli.ownedSessions().size() > before)).as("the scan started creating").isTrue();
    assertThat(cli.execution(scanArn).status()).isEqualTo(ExecutionStatus.RUNNING);

    LocalCli.Result removed = cli.run("--output", "json", "remove-vpc", cli.vpc);
    Execution scanDone = cli.await(scanArn);

    assertThat(removed.code()).as("%s", removed).isZero();
    assertThat(cli.ownedSessions()).isEmpty();
    assertThat(cli.foreign()).isEqualTo(foreign);
    int skippedByTheGate = scanDone.history().stream()
        .map(e -> e.path("lambdaFunctionSucceededEventDetails").path("output").asText(""))
        .filter(o -> !o.isEmpty())
        .mapToInt(o -> LocalCli.parse(o).path("vpcInactive").asInt(0)).sum();
    assertThat(skippedByTheGate).as("CreateSessions batches that found the gate closed").isPositive();
    assertThat(cli.schedule()).isNull();
  }
}
