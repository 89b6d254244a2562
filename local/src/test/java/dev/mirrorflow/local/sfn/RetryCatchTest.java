package dev.mirrorflow.local.sfn;

import static dev.mirrorflow.local.sfn.LocalSfnFixture.functionArn;
import static dev.mirrorflow.local.sfn.LocalSfnFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.sfn.handlers.StallingHandler;
import dev.mirrorflow.local.sfn.handlers.TestFailureException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Retry, Catch and timeouts, with Lambda errors named as the Lambda Java runtime names them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryCatchTest {
  private static final String ERROR = TestFailureException.class.getName();
  private LocalSfnFixture local;

  @BeforeAll
  void start() throws Exception {
    local = new LocalSfnFixture();
    // A short function timeout (virtual time), so that a hanging invocation is ended by Lambda.
    local.lambda.createFunction(new LambdaFunction("stalling", StallingHandler.class.getName(), Map.of(),
        Duration.ofSeconds(5)));
  }

  private static String stallingInput(String mode, int failures) {
    return "{\"key\":\"" + UUID.randomUUID() + "\",\"mode\":\"" + mode + "\",\"failures\":" + failures + "}";
  }

  @Test
  void retry_whenFunctionTimesOut_failsWithLambdaUnknownWhichRetrySucceedsOn() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true,
          "Retry":[{"ErrorEquals":["Lambda.Unknown"],"IntervalSeconds":1,"MaxAttempts":2}]}}}"""
        .formatted(functionArn("stalling"));
    DescribeExecutionResponse d = local.run(def, stallingInput("hang", 1));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output()).get("attempts").asInt()).isEqualTo(2);
    HistoryEvent failed = local.sfn.getExecutionHistory(b -> b.executionArn(d.executionArn())).events().stream()
        .filter(e -> e.typeAsString().equals("LambdaFunctionFailed")).findFirst().orElseThrow();
    assertThat(failed.lambdaFunctionFailedEventDetails().error()).isEqualTo("Lambda.Unknown");
    assertThat(failed.lambdaFunctionFailedEventDetails().cause()).contains("Task timed out after 5.00 seconds");
  }

  @Test
  void catch_whenFunctionRunsOutOfMemory_matchesLambdaUnknownNotTheJavaError() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"stalling","Payload.$":"$"},"End":true,
          "Catch":[{"ErrorEquals":["java.lang.OutOfMemoryError"],"Next":"Wrong"},
                   {"ErrorEquals":["Lambda.Unknown"],"ResultPath":"$.error","Next":"Caught"}]},
          "Wrong":{"Type":"Fail","Error":"Wrong"},"Caught":{"Type":"Pass","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, stallingInput("oom", 1));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output()).at("/error/Error").asText()).isEqualTo("Lambda.Unknown");
    assertThat(json(json(d.output()).at("/error/Cause").asText()).get("errorType").asText()).isEqualTo("Runtime.ExitError");
  }

  @Test
  void retry_whenFunctionTimesOut_isMatchedByTaskFailedButTheThrownErrorIsNot() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true,
          "Retry":[{"ErrorEquals":["%s"],"MaxAttempts":3},{"ErrorEquals":["States.TaskFailed"],"IntervalSeconds":1,"MaxAttempts":1}]}}}"""
        .formatted(functionArn("stalling"), ERROR);
    DescribeExecutionResponse d = local.run(def, stallingInput("hang", 2));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("Lambda.Unknown");
    assertThat(local.eventTypes(d.executionArn()).stream().filter("LambdaFunctionFailed"::equals)).hasSize(2);
  }

  @AfterAll
  void stop() {
    local.close();
  }

  private static String flakyInput(int failures) {
    return "{\"key\":\"" + UUID.randomUUID() + "\",\"failures\":" + failures + "}";
  }

  @Test
  void retry_whenTaskFailsTwiceWithLongBackoff_succeedsOnThirdAttemptOnTheLocalClock() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true,
          "Retry":[{"ErrorEquals":["%s"],"IntervalSeconds":30,"MaxAttempts":3,"BackoffRate":2.0}]}}}"""
        .formatted(functionArn("flaky"), ERROR);
    long before = local.lambda.invocationCount("flaky");
    DescribeExecutionResponse d = local.run(def, flakyInput(2));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output()).get("attempts").asInt()).isEqualTo(3);
    assertThat(local.lambda.invocationCount("flaky") - before).isEqualTo(3);
    // 30 s + 60 s of backoff passed on the virtual clock.
    assertThat(Duration.between(d.startDate(), d.stopDate())).isGreaterThanOrEqualTo(Duration.ofSeconds(90));
    assertThat(local.engine.execution(d.executionArn()).orElseThrow().stateTransitions()).isEqualTo(3);
    List<String> types = local.eventTypes(d.executionArn());
    assertThat(types.stream().filter("LambdaFunctionFailed"::equals)).hasSize(2);
    assertThat(types).containsSubsequence("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
        "LambdaFunctionStarted", "LambdaFunctionFailed", "LambdaFunctionScheduled", "LambdaFunctionSucceeded",
        "TaskStateExited", "ExecutionSucceeded");
  }

  @Test
  void history_whenRun_hasSequentialIdsAndPreviousEventIds() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","Next":"P"},"P":{"Type":"Pass","End":true}}}"""
        .formatted(functionArn("echo"));
    DescribeExecutionResponse d = local.run(def, "{\"a\":1}");
    List<HistoryEvent> events = local.sfn.getExecutionHistory(b -> b.executionArn(d.executionArn())).events();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).id()).isEqualTo(i + 1L);
      assertThat(events.get(i).previousEventId()).isEqualTo((long) i);
    }
    assertThat(events.get(0).executionStartedEventDetails().input()).isEqualTo("{\"a\":1}");
    HistoryEvent scheduled = events.stream().filter(e -> e.typeAsString().equals("LambdaFunctionScheduled")).findFirst().orElseThrow();
    assertThat(scheduled.lambdaFunctionScheduledEventDetails().resource()).isEqualTo(functionArn("echo"));
    assertThat(events.get(events.size() - 1).executionSucceededEventDetails().output()).isEqualTo("{\"a\":1}");
  }

  @Test
  void catch_whenRetriesExhausted_passesErrorOutputAtResultPath() throws Exception {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","Next":"Done",
          "Retry":[{"ErrorEquals":["States.TaskFailed"],"IntervalSeconds":1,"MaxAttempts":2,"MaxDelaySeconds":1,"JitterStrategy":"FULL"}],
          "Catch":[{"ErrorEquals":["Nope"],"Next":"Done"},{"ErrorEquals":["%s"],"ResultPath":"$.error","Next":"Caught"}]},
          "Caught":{"Type":"Pass","End":true},"Done":{"Type":"Succeed"}}}""".formatted(functionArn("flaky"), ERROR);
    String input = flakyInput(5);
    DescribeExecutionResponse d = local.run(def, input);
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode out = json(d.output());
    assertThat(out.get("key")).isEqualTo(json(input).get("key"));
    assertThat(out.at("/error/Error").asText()).isEqualTo(ERROR);
    JsonNode cause = json(out.at("/error/Cause").asText());
    assertThat(cause.get("errorType").asText()).isEqualTo(ERROR);
    assertThat(cause.get("errorMessage").asText()).isEqualTo("attempt 3 of " + json(input).get("key").asText() + " failed");
    assertThat(cause.get("stackTrace").isArray()).isTrue();
    assertThat(local.eventTypes(d.executionArn()).stream().filter("LambdaFunctionFailed"::equals)).hasSize(3);
  }

  @Test
  void retry_whenErrorNotListed_doesNotRetryAndExecutionFailsWithTaskError() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true,
          "Retry":[{"ErrorEquals":["Something.Else"],"MaxAttempts":5}]}}}""".formatted(functionArn("failing"));
    DescribeExecutionResponse d = local.run(def, "{\"message\":\"boom\"}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo(ERROR);
    assertThat(json(d.cause()).get("errorMessage").asText()).isEqualTo("boom");
  }

  @Test
  void retry_whenMaxAttemptsZero_neverRetries() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true,
          "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":0}]}}}""".formatted(functionArn("flaky"));
    DescribeExecutionResponse d = local.run(def, flakyInput(1));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(local.eventTypes(d.executionArn()).stream().filter("LambdaFunctionScheduled"::equals)).hasSize(1);
  }

  @Test
  void timeoutSeconds_whenTaskRunsTooLong_failsWithStatesTimeoutThatTaskFailedDoesNotMatch() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","TimeoutSeconds":5,"End":true,
          "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Wrong"},{"ErrorEquals":["States.Timeout"],"Next":"Timed"}]},
          "Wrong":{"Type":"Fail","Error":"Wrong"},"Timed":{"Type":"Pass","Result":"timed out","End":true}}}"""
        .formatted(functionArn("blocking"));
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output()).asText()).isEqualTo("timed out");
    assertThat(local.eventTypes(d.executionArn())).contains("LambdaFunctionTimedOut");
  }

  @Test
  void timeoutSecondsPath_whenTaskRunsTooLong_failsWithStatesTimeout() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"blocking"},"TimeoutSecondsPath":"$.timeout","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"timeout\":7}");
    assertThat(d.error()).isEqualTo("States.Timeout");
    assertThat(local.eventTypes(d.executionArn())).contains("TaskTimedOut");
  }

  @Test
  void stopExecution_whenTaskIsRunning_abortsAndInterruptsIt() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true}}}""".formatted(functionArn("blocking"));
    String arn = local.create(def);
    String execution = local.sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
    local.sfn.stopExecution(b -> b.executionArn(execution).error("Operator.Stop"));
    local.await(execution);
    DescribeExecutionResponse d = local.sfn.describeExecution(b -> b.executionArn(execution));
    assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(d.error()).isEqualTo("Operator.Stop");
    assertThat(local.eventTypes(execution)).endsWith("ExecutionAborted");
  }

  @Test
  void executionTimeoutSeconds_whenExceeded_timesOut() {
    String def = """
        {"TimeoutSeconds":60,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(local.eventTypes(d.executionArn())).endsWith("ExecutionTimedOut");
  }

  @Test
  void retryCount_whenRetried_isVisibleInContextObject() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true,
          "Parameters":{"key.$":"$.key","failures.$":"$.failures","retry.$":"$$.State.RetryCount"},
          "ResultSelector":{"attempts.$":"$.attempts"},
          "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":3}]}}}""".formatted(functionArn("flaky"));
    DescribeExecutionResponse d = local.run(def, flakyInput(2));
    assertThat(json(d.output()).get("attempts").asInt()).isEqualTo(3);
    List<HistoryEvent> scheduled = local.sfn.getExecutionHistory(b -> b.executionArn(d.executionArn())).events().stream()
        .filter(e -> e.typeAsString().equals("LambdaFunctionScheduled")).toList();
    assertThat(scheduled).extracting(e -> json(e.lambdaFunctionScheduledEventDetails().input()).get("retry").asInt())
        .containsExactly(0, 1, 2);
  }
}
