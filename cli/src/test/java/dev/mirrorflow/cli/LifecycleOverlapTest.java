package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invariant 2 at the workflow level: add-vpc and remove-vpc of one VPC overlapping, started as
 * EventBridge or the console would (no CLI checks in front), never undo each other silently.
 */
class LifecycleOverlapTest {
  static final String REMOVAL_IN_PROGRESS = "dev.mirrorflow.activities.lifecycle.RemovalInProgressException";
  static final String REMOVAL_SUPERSEDED = "dev.mirrorflow.activities.lifecycle.RemovalSupersededException";

  final LocalCli cli = new LocalCli();

  @AfterEach
  void stop() {
    cli.close();
  }

  Execution start(String workflow, String name) {
    return cli.cloud.stepFunctions().startExecution(cli.setup.deployment().stateMachineArn(workflow), name,
        "{\"vpcId\":\"" + cli.vpc + "\"}");
  }

  /** Waits until remove-vpc has closed the gate: the registration exists, disabled. */
  void awaitGateClosed() {
    assertThat(cli.awaitCondition(() -> {
      var schedule = cli.schedule();
      return schedule != null && "DISABLED".equals(schedule.path("State").asText());
    })).as("remove-vpc closed the gate").isTrue();
  }

  @Test
  void addVpcWorkflow_whileARemovalIsInProgress_failsWithRemovalInProgressAndTheRemovalEndsAsAsked() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    Execution removal = start("remove-vpc", "removal");
    awaitGateClosed();

    Execution add = start("add-vpc", "add-during-removal").await(java.time.Duration.ofMinutes(5));
    Execution removed = cli.await(removal.arn());

    assertThat(add.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(add.error()).contains(REMOVAL_IN_PROGRESS);
    assertThat(add.cause().orElse("")).contains("mirrorflow executions " + cli.vpc);
    assertThat(removed.status()).as("%s", removed.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(cli.schedule()).isNull();
    assertThat(cli.ownedSessions()).isEmpty();
  }

  /**
   * An add-vpc that passed its checks just before the gate closed goes on to put the registration
   * back, ENABLED (its CreateSchedule or UpdateSchedule): the removal must not deregister it afterwards.
   */
  @Test
  void removeVpcWorkflow_whenAnAddVpcReenabledTheRegistration_stopsWithRemovalSupersededAndKeepsIt() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    Execution removal = start("remove-vpc", "removal");
    awaitGateClosed();

    int enabled = cli.enableSchedule();
    Execution removed = cli.await(removal.arn());

    assertThat(enabled).isEqualTo(200);
    assertThat(removed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(removed.error()).contains(REMOVAL_SUPERSEDED);
    assertThat(cli.schedule().path("State").asText()).isEqualTo("ENABLED");
    assertThat(cli.schedule().path("Target").path("Input").asText()).contains(cli.vpc);
  }

  @Test
  void removeVpcWorkflow_startedTwiceAtOnce_bothSucceedAndTheVpcIsGone() {
    assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
    Execution first = start("remove-vpc", "first");
    awaitGateClosed();
    Execution second = start("remove-vpc", "second");

    Execution firstDone = cli.await(first.arn());
    Execution secondDone = cli.await(second.arn());

    assertThat(firstDone.status()).as("%s", firstDone.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(secondDone.status()).as("%s %s", secondDone.error(), secondDone.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(cli.schedule()).isNull();
    assertThat(cli.ownedSessions()).isEmpty();
  }
}
