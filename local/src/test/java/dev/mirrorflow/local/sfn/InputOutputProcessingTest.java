package dev.mirrorflow.local.sfn;

import static dev.mirrorflow.local.sfn.LocalSfnFixture.functionArn;
import static dev.mirrorflow.local.sfn.LocalSfnFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Input and output processing, from the examples of the States Language spec and AWS's guide. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputOutputProcessingTest {
  private LocalSfnFixture local;

  @BeforeAll
  void start() throws Exception {
    local = new LocalSfnFixture();
  }

  @AfterAll
  void stop() {
    local.close();
  }

  private JsonNode output(String definition, String input) {
    DescribeExecutionResponse d = local.run(definition, input);
    assertThat(d.status()).as("%s %s", d.error(), d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    return json(d.output());
  }

  @Test
  void pass_whenResultAndResultPath_addsResultToInput() {
    String def = """
        {"StartAt":"No-op","States":{"No-op":{"Type":"Pass",
          "Result":{"x-datum":0.381018,"y-datum":622.2269926397355},"ResultPath":"$.coords","End":true}}}""";
    assertThat(output(def, "{\"georefOf\":\"Home\"}"))
        .isEqualTo(json("{\"georefOf\":\"Home\",\"coords\":{\"x-datum\":0.381018,\"y-datum\":622.2269926397355}}"));
  }

  @Test
  void parameters_whenPathsAndSlices_selectFromInput() {
    String def = """
        {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"flagged":true,
          "parts":{"first.$":"$.vals[0]","last3.$":"$.vals[-3:]"}},"End":true}}}""";
    assertThat(output(def, "{\"flagged\":7,\"vals\":[0,10,20,30,40,50]}"))
        .isEqualTo(json("{\"flagged\":true,\"parts\":{\"first\":0,\"last3\":[30,40,50]}}"));
  }

  @Test
  void resultPath_whenExistingField_replacesIt() {
    String def = """
        {"StartAt":"P","States":{"P":{"Type":"Pass","Result":[4,5,6],"ResultPath":"$.master.detail","End":true}}}""";
    assertThat(output(def, "{\"master\":{\"detail\":[1,2,3]}}")).isEqualTo(json("{\"master\":{\"detail\":[4,5,6]}}"));
  }

  @Test
  void resultPath_whenNull_outputsRawInput() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","InputPath":"$.a",
          "ResultPath":null,"End":true}}}""".formatted(functionArn("echo"));
    assertThat(output(def, "{\"a\":{\"b\":1},\"c\":2}")).isEqualTo(json("{\"a\":{\"b\":1},\"c\":2}"));
  }

  @Test
  void task_whenInputPathResultPathOutputPath_processesInSpecOrder() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s",
          "InputPath":"$.dataset2","Parameters":{"v.$":"$.val1","const":"k"},
          "ResultSelector":{"value.$":"$.v"},"ResultPath":"$.dataset2.result","OutputPath":"$.dataset2","End":true}}}"""
        .formatted(functionArn("echo"));
    String input = """
        {"comment":"Example for InputPath.","dataset1":{"val1":1,"val2":2,"val3":3},
         "dataset2":{"val1":"a","val2":"b","val3":"c"}}""";
    assertThat(output(def, input))
        .isEqualTo(json("{\"val1\":\"a\",\"val2\":\"b\",\"val3\":\"c\",\"result\":{\"value\":\"a\"}}"));
  }

  @Test
  void resultSelector_whenTaskResultHasMetadata_keepsSelectedFields() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s",
          "Parameters":{"resourceType":"elasticmapreduce","resource":"createCluster.sync",
            "output":{"SdkHttpMetadata":{"HttpStatusCode":200},"ClusterId":"j-EXAMPLE"}},
          "ResultSelector":{"ClusterId.$":"$.output.ClusterId","ResourceType.$":"$.resourceType"},
          "ResultPath":"$.EMROutput","End":true}}}""".formatted(functionArn("echo"));
    assertThat(output(def, "{\"x\":1}"))
        .isEqualTo(json("{\"x\":1,\"EMROutput\":{\"ClusterId\":\"j-EXAMPLE\",\"ResourceType\":\"elasticmapreduce\"}}"));
  }

  @Test
  void parameters_whenContextObject_exposesExecutionStateAndStateMachine() {
    String def = """
        {"StartAt":"Ctx","States":{"Ctx":{"Type":"Pass","Parameters":{
          "id.$":"$$.Execution.Id","name.$":"$$.Execution.Name","input.$":"$$.Execution.Input",
          "start.$":"$$.Execution.StartTime","state.$":"$$.State.Name","entered.$":"$$.State.EnteredTime",
          "retries.$":"$$.State.RetryCount","sm.$":"$$.StateMachine.Id","smName.$":"$$.StateMachine.Name"},
          "End":true}}}""";
    String arn = local.create(def);
    String executionArn = local.sfn.startExecution(b -> b.stateMachineArn(arn).name("ctx-run").input("{\"k\":1}")).executionArn();
    local.await(executionArn);
    JsonNode out = json(local.sfn.describeExecution(b -> b.executionArn(executionArn)).output());
    assertThat(out.get("id").asText()).isEqualTo(executionArn);
    assertThat(out.get("name").asText()).isEqualTo("ctx-run");
    assertThat(out.get("input")).isEqualTo(json("{\"k\":1}"));
    assertThat(out.get("start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(out.get("entered").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(out.get("state").asText()).isEqualTo("Ctx");
    assertThat(out.get("retries").asInt()).isZero();
    assertThat(out.get("sm").asText()).isEqualTo(arn);
    assertThat(out.get("smName").asText()).isEqualTo(arn.substring(arn.lastIndexOf(':') + 1));
  }

  @Test
  void resultPath_whenInputIsNotAnObject_failsWithResultPathMatchFailure() {
    String def = """
        {"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"ResultPath":"$.x","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "\"just a string\"");
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.ResultPathMatchFailure");
  }

  @Test
  void parameters_whenPathSelectsNothing_failsWithParameterPathFailure() {
    String def = """
        {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$.missing"},"End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.error()).isEqualTo("States.ParameterPathFailure");
    assertThat(d.cause()).contains("$.missing");
  }

  @Test
  void inputPath_whenPathSelectsNothing_failsWithRuntimeErrorThatCatchIgnores() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","InputPath":"$.missing","End":true,
          "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]},"Caught":{"Type":"Succeed"}}}"""
        .formatted(functionArn("echo"));
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.Runtime");
  }

  @Test
  void outputPath_whenSelectingField_outputsOnlyIt() {
    String def = """
        {"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.a.b","End":true}}}""";
    assertThat(output(def, "{\"a\":{\"b\":[1,2]},\"c\":3}")).isEqualTo(json("[1,2]"));
  }

  @Test
  void taskOutput_whenLargerThan256KiB_failsWithDataLimitExceeded() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true,
          "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]},"Caught":{"Type":"Succeed"}}}"""
        .formatted(functionArn("big"));
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.DataLimitExceeded");
  }
}
