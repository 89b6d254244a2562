package dev.mirrorflow.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import dev.mirrorflow.local.sfn.StateMachineType;
import dev.mirrorflow.local.sfn.handlers.FlakyHandler;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateRunsTest {
  static final String FLAKY = "arn:aws:lambda:us-east-1:000000000000:function:console-flaky";
  LocalCloud cloud;

  @BeforeAll
  void start() {
    cloud = LocalCloud.create(0, LocalClock.speeded(1000)).start();
    cloud.lambda().createFunction(new LambdaFunction("console-flaky", FlakyHandler.class.getName(), Map.of(),
        Duration.ofMinutes(10)));
  }

  @AfterAll
  void stop() {
    cloud.close();
  }

  Execution run(String definition, String input) {
    String arn = cloud.stepFunctions().createStateMachine("sm-" + UUID.randomUUID(), definition, null,
        StateMachineType.STANDARD, Map.of()).arn();
    return cloud.stepFunctions().startExecution(arn, null, input).await(Duration.ofSeconds(60));
  }

  @Test
  void read_whenRetriedCaughtFailedAndSkippedStates_givesEachItsStatus() {
    String definition = """
        {"StartAt":"Retried","States":{
          "Retried":{"Type":"Task","Resource":"%s","Parameters":{"key.$":"$.key","failures":1},
            "ResultPath":"$.flaky","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2}],
            "Next":"Items"},
          "Items":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,
            "ItemProcessor":{"StartAt":"Check","States":{
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"Boom"}],"Default":"Ok"},
              "Boom":{"Type":"Fail","Error":"Console.Boom","Cause":"item asked to fail"},
              "Ok":{"Type":"Pass","End":true}}},
            "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Recover"}],
            "Next":"Skipped"},
          "Skipped":{"Type":"Pass","Next":"Done"},
          "Recover":{"Type":"Pass","Next":"Done"},
          "Done":{"Type":"Succeed"}}}""".formatted(FLAKY);
    Execution e = run(definition, "{\"key\":\"" + UUID.randomUUID() + "\",\"items\":[{\"fail\":false},{\"fail\":true}]}");
    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

    StateRuns runs = StateRuns.read(e.history(), false);

    assertThat(runs.status("Retried")).isEqualTo(StateRuns.Status.RETRIED);
    assertThat(runs.status("Items")).isEqualTo(StateRuns.Status.CAUGHT);
    assertThat(runs.status("Items/Check")).isEqualTo(StateRuns.Status.SUCCEEDED);
    assertThat(runs.status("Items/Ok")).isEqualTo(StateRuns.Status.SUCCEEDED);
    assertThat(runs.status("Items/Boom")).isEqualTo(StateRuns.Status.FAILED);
    assertThat(runs.status("Skipped")).isEqualTo(StateRuns.Status.NOT_REACHED);
    assertThat(runs.status("Recover")).isEqualTo(StateRuns.Status.SUCCEEDED);
    assertThat(runs.status("Done")).isEqualTo(StateRuns.Status.SUCCEEDED);
    JsonNode json = runs.toJson();
    assertThat(json.path("Retried").path("runs").get(0).path("retries").asInt()).isEqualTo(1);
    assertThat(json.path("Retried").path("runs").get(0).path("errors").get(0).path("error").asText())
        .endsWith("TestFailureException");
    assertThat(json.path("Items/Check").path("counts").path("succeeded").asInt()).isEqualTo(2);
    assertThat(json.path("Recover").path("runs").get(0).path("input").asText()).contains("Console.Boom");
    assertThat(json.has("Skipped")).isFalse();
  }

  @Test
  void read_whenTheExecutionRuns_theStateItWaitsInIsRunningAndAStopMakesItFailed() throws Exception {
    LocalCloud realTime = LocalCloud.create(0, LocalClock.create()).start();
    try {
      String arn = realTime.stepFunctions().createStateMachine("waits", """
          {"StartAt":"First","States":{"First":{"Type":"Pass","Next":"Wait"},
            "Wait":{"Type":"Wait","Seconds":3600,"Next":"After"},"After":{"Type":"Succeed"}}}""",
          null, StateMachineType.STANDARD, Map.of()).arn();
      Execution e = realTime.stepFunctions().startExecution(arn, "now", "{}");
      Awaits.until(() -> e.history().stream().anyMatch(h -> h.path("type").asText().equals("WaitStateEntered")));

      StateRuns running = StateRuns.read(e.history(), true);
      assertThat(running.status("First")).isEqualTo(StateRuns.Status.SUCCEEDED);
      assertThat(running.status("Wait")).isEqualTo(StateRuns.Status.RUNNING);
      assertThat(running.status("After")).isEqualTo(StateRuns.Status.NOT_REACHED);

      realTime.stepFunctions().stopExecution(e.arn(), "Console.Stopped", null);
      e.await(Duration.ofSeconds(10));
      assertThat(StateRuns.read(e.history(), false).status("Wait")).isEqualTo(StateRuns.Status.FAILED);
    } finally {
      realTime.close();
    }
  }

  @Test
  void read_whenATaskStartsAnExecution_namesTheChild() {
    String child = cloud.stepFunctions().createStateMachine("child-" + UUID.randomUUID(),
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}", null, StateMachineType.STANDARD,
        Map.of()).arn();
    Execution parent = run("""
        {"StartAt":"Start","States":{"Start":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
          "Parameters":{"StateMachineArn":"%s","Input":{}},"End":true}}}""".formatted(child), "{}");

    StateRuns runs = StateRuns.read(parent.history(), false);

    assertThat(runs.children()).hasSize(1);
    assertThat(runs.children().get(0)).contains(":execution:" + child.substring(child.lastIndexOf(':') + 1) + ":");
    assertThat(runs.toJson().path("Start").path("runs").get(0).path("children").get(0).asText())
        .isEqualTo(runs.children().get(0));
  }

  @Test
  void read_whenParallelBranches_keysTheirStatesAsTheLayoutDoes() throws Exception {
    String definition = """
        {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Left","States":{"Left":{"Type":"Pass","End":true}}},
          {"StartAt":"Right","States":{"Right":{"Type":"Pass","Next":"RightAgain"},"RightAgain":{"Type":"Succeed"}}}]}}}""";
    Execution e = run(definition, "{}");

    StateRuns runs = StateRuns.read(e.history(), false);

    assertThat(runs.status("Both")).isEqualTo(StateRuns.Status.SUCCEEDED);
    assertThat(runs.status("Both/Left")).isEqualTo(StateRuns.Status.SUCCEEDED);
    assertThat(runs.status("Both/RightAgain")).isEqualTo(StateRuns.Status.SUCCEEDED);
    java.util.List<String> drawn = new java.util.ArrayList<>();
    JsonNode graph = WorkflowLayout.layout(WorkflowLayoutTest.JSON.readTree(definition));
    WorkflowLayoutTest.nodeIds(graph, drawn);
    assertThat(drawn).contains("Both", "Both/(branch 1)", "Both/(branch 2)", "Both/Left", "Both/Right", "Both/RightAgain");
    WorkflowLayoutTest.assertLaidOut(graph);
  }
}
