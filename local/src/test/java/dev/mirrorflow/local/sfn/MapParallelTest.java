package dev.mirrorflow.local.sfn;

import static dev.mirrorflow.local.sfn.LocalSfnFixture.functionArn;
import static dev.mirrorflow.local.sfn.LocalSfnFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.sfn.handlers.ConcurrencyHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Map (inline) and Parallel states. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapParallelTest {
  private LocalSfnFixture local;

  @BeforeAll
  void start() throws Exception {
    local = new LocalSfnFixture();
  }

  @AfterAll
  void stop() {
    local.close();
  }

  @Test
  void map_whenItemsPathAndItemSelector_runsEachItemWithContext() {
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.detail.shipped","MaxConcurrency":0,
          "ItemSelector":{"parcel.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index","courier.$":"$.delivery-partner"},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Ship","States":{
            "Ship":{"Type":"Task","Resource":"%s","End":true}}},
          "ResultPath":"$.detail.shipped","End":true}}}""".formatted(functionArn("echo"));
    String input = """
        {"delivery-partner":"UQS","detail":{"shipped":[{"prod":"R31","dest-code":9511},
          {"prod":"S39","dest-code":9511},{"prod":"R31","dest-code":9833}]}}""";
    DescribeExecutionResponse d = local.run(def, input);
    assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output()).at("/detail/shipped")).isEqualTo(json("""
        [{"parcel":{"prod":"R31","dest-code":9511},"index":0,"courier":"UQS"},
         {"parcel":{"prod":"S39","dest-code":9511},"index":1,"courier":"UQS"},
         {"parcel":{"prod":"R31","dest-code":9833},"index":2,"courier":"UQS"}]"""));
    List<String> types = local.eventTypes(d.executionArn());
    assertThat(types).contains("MapStateEntered", "MapStateStarted", "MapStateSucceeded", "MapStateExited");
    assertThat(types.stream().filter("MapIterationStarted"::equals)).hasSize(3);
    assertThat(types.stream().filter("MapIterationSucceeded"::equals)).hasSize(3);
    HistoryEvent started = local.sfn.getExecutionHistory(b -> b.executionArn(d.executionArn())).events().stream()
        .filter(e -> e.typeAsString().equals("MapStateStarted")).findFirst().orElseThrow();
    assertThat(started.mapStateStartedEventDetails().length()).isEqualTo(3);
  }

  @Test
  void map_whenLegacyIteratorAndParameters_runsAsItemProcessor() {
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,
          "Parameters":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
          "Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "[\"a\",\"b\"]");
    assertThat(json(d.output())).isEqualTo(json("[{\"v\":\"a\",\"i\":0},{\"v\":\"b\",\"i\":1}]"));
  }

  @Test
  void map_whenManyItems_keepsOrderAndCountsTransitions() {
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":5,
          "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true}}},"End":true}}}"""
        .formatted(functionArn("echo"));
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      items.append(i == 0 ? "" : ",").append(i);
    }
    DescribeExecutionResponse d = local.run(def, items.append("]").toString());
    assertThat(json(d.output())).isEqualTo(json(items.toString()));
    assertThat(local.engine.execution(d.executionArn()).orElseThrow().stateTransitions()).isEqualTo(61);
  }

  @Test
  void map_whenNoMaxConcurrency_runsAtMostFortyIterationsAtOnce() {
    local.lambda.createFunction(new LambdaFunction("concurrency", ConcurrencyHandler.class.getName(), Map.of(),
        LocalSfnFixture.FUNCTION_TIMEOUT));
    ConcurrencyHandler.reset(Interpreter.INLINE_MAP_MAX_CONCURRENCY, 100);
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":0,
          "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true}}},"End":true}}}"""
        .formatted(functionArn("concurrency"));
    StringBuilder items = new StringBuilder("[0");
    for (int i = 1; i < 100; i++) {
      items.append(',').append(i);
    }
    DescribeExecutionResponse d = local.run(def, items.append(']').toString());
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(ConcurrencyHandler.maximum()).isEqualTo(40);
  }

  @Test
  void map_whenMaxConcurrencyThree_runsAtMostThreeAtOnce() {
    local.lambda.createFunction(new LambdaFunction("concurrency3", ConcurrencyHandler.class.getName(), Map.of(),
        LocalSfnFixture.FUNCTION_TIMEOUT));
    ConcurrencyHandler.reset(3, 10);
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":3,
          "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true}}},"End":true}}}"""
        .formatted(functionArn("concurrency3"));
    DescribeExecutionResponse d = local.run(def, "[1,2,3,4,5,6,7,8,9,10]");
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(ConcurrencyHandler.maximum()).isEqualTo(3);
  }

  @Test
  void map_whenItemsPathIsNotAnArray_failsWithRuntimeError() {
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.x",
          "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""";
    assertThat(local.run(def, "{\"x\":1}").error()).isEqualTo("States.Runtime");
  }

  @Test
  void map_whenAnIterationFails_failsWithItsErrorAndCatchReceivesIt() {
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
          "ItemProcessor":{"StartAt":"C","States":{
            "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"Bad"}],"Default":"Ok"},
            "Bad":{"Type":"Fail","Error":"Item.Bad","Cause":"two"},"Ok":{"Type":"Pass","End":true}}},
          "Catch":[{"ErrorEquals":["Item.Bad"],"ResultPath":"$.error","Next":"Caught"}],"End":true},
          "Caught":{"Type":"Pass","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"items\":[1,2,3]}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output()).get("error")).isEqualTo(json("{\"Error\":\"Item.Bad\",\"Cause\":\"two\"}"));
    assertThat(local.eventTypes(d.executionArn())).contains("MapIterationFailed", "MapStateFailed");
  }

  @Test
  void map_whenFailuresWithinTolerance_succeedsAndBeyondItFailsWithThreshold() {
    String template = """
        {"StartAt":"M","States":{"M":{"Type":"Map",%s,
          "ItemProcessor":{"StartAt":"C","States":{
            "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThan":2,"Next":"Bad"}],"Default":"Ok"},
            "Bad":{"Type":"Fail","Error":"Item.Bad"},"Ok":{"Type":"Pass","End":true}}},"End":true}}}""";
    DescribeExecutionResponse tolerated = local.run(template.formatted("\"ToleratedFailureCount\":2"), "[1,2,3,4]");
    assertThat(tolerated.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(tolerated.output()).get(2).get("Error").asText()).isEqualTo("Item.Bad");
    DescribeExecutionResponse exceeded = local.run(template.formatted("\"ToleratedFailurePercentage\":25"), "[1,2,3,4]");
    assertThat(exceeded.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(exceeded.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
  }

  @Test
  void map_whenItemBatcher_groupsItems() {
    String def = """
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"b.$":"$.tag"}},
          "ItemsPath":"$.items","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"tag\":\"t\",\"items\":[1,2,3]}");
    assertThat(json(d.output())).isEqualTo(json(
        "[{\"BatchInput\":{\"b\":\"t\"},\"Items\":[1,2]},{\"BatchInput\":{\"b\":\"t\"},\"Items\":[3]}]"));
  }

  @Test
  void parallel_whenBranchesSucceed_outputsArrayInBranchOrder() {
    String def = """
        {"StartAt":"Par","States":{"Par":{"Type":"Parallel","ResultSelector":{"first.$":"$[0]","second.$":"$[1].v"},
          "ResultPath":"$.results","Branches":[
            {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"Next":"A"},"A":{"Type":"Pass","Result":"a","End":true}}},
            {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"%s","Parameters":{"v.$":"$.in"},"End":true}}}],
          "End":true}}}""".formatted(functionArn("echo"));
    DescribeExecutionResponse d = local.run(def, "{\"in\":7}");
    assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output())).isEqualTo(json("{\"in\":7,\"results\":{\"first\":\"a\",\"second\":7}}"));
    assertThat(local.eventTypes(d.executionArn()))
        .contains("ParallelStateEntered", "ParallelStateStarted", "ParallelStateSucceeded", "ParallelStateExited");
  }

  @Test
  void parallel_whenBranchFails_failsWithBranchErrorAndStopsOthers() {
    String def = """
        {"StartAt":"Par","States":{"Par":{"Type":"Parallel","Branches":[
            {"StartAt":"Slow","States":{"Slow":{"Type":"Wait","Seconds":100000,"End":true}}},
            {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Branch.Broke","Cause":"b"}}}],
          "Catch":[{"ErrorEquals":["Branch.Broke"],"Next":"Caught"}],"End":true},
          "Caught":{"Type":"Pass","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(d.output())).isEqualTo(json("{\"Error\":\"Branch.Broke\",\"Cause\":\"b\"}"));
    assertThat(local.eventTypes(d.executionArn())).contains("ParallelStateFailed").doesNotContain("WaitStateExited");
  }
}
