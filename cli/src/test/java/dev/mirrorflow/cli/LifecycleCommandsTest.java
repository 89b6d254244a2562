package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** add-vpc and remove-vpc through the CLI while a removal of the same VPC is running (issue 12). */
class LifecycleCommandsTest {
  final LocalCli cli = new LocalCli();

  @AfterEach
  void stop() {
    cli.close();
  }

  String removeNoWait() {
    LocalCli.Result started = cli.run("--output", "json", "remove-vpc", cli.vpc, "--no-wait");
    assertThat(started.code()).as("%s", started).isZero();
    return started.json().path("executionArn").asText();
  }

  @Test
  void addVpc_whileRemoveVpcRuns_exitsWithUsageErrorNamingTheRemovalAndTheVpcEndsRemoved() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    String removal = removeNoWait();
    assertThat(cli.awaitCondition(() -> cli.schedule() != null
        && "DISABLED".equals(cli.schedule().path("State").asText()))).isTrue();

    LocalCli.Result added = cli.run("add-vpc", cli.vpc);
    cli.await(removal);

    assertThat(added.code()).as("%s", added).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(added.err()).contains("is being removed", cli.execution(removal).name(), "mirrorflow executions " + cli.vpc);
    assertThat(cli.schedule()).isNull();
    assertThat(cli.ownedSessions()).isEmpty();
  }

  @Test
  void removeVpc_whileAnotherRemovalRuns_followsItAndSucceeds_thenWhenGone_endsCleanly() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    String first = removeNoWait();

    LocalCli.Result second = cli.run("remove-vpc", cli.vpc);
    LocalCli.Result third = cli.run("remove-vpc", cli.vpc);

    assertThat(second.code()).as("%s", second).isZero();
    assertThat(second.out()).contains("already running as " + cli.execution(first).name(), "SUCCEEDED");
    assertThat(cli.stepFunctionsExecutions("remove-vpc")).as("no second removal started").isEqualTo(1);
    assertThat(third.code()).as("%s", third).isZero();
    assertThat(third.out()).contains("already removed by " + cli.execution(first).name());
    assertThat(cli.schedule()).isNull();
  }

  @Test
  void removeVpc_whenItWaits_saysWhatForAndHowLong() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();

    LocalCli.Result removed = cli.run("remove-vpc", cli.vpc);

    assertThat(removed.code()).as("%s", removed).isZero();
    assertThat(removed.out()).contains("WaitOutInFlightBatches: waiting 75 s (Longer than the CreateSessions Lambda timeout");
  }
}
