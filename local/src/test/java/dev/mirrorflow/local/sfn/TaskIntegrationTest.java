package dev.mirrorflow.local.sfn;

import static dev.mirrorflow.local.sfn.LocalSfnFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import dev.mirrorflow.local.sfn.handlers.TestFailureException;
import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.sfn.handlers.TokenSinkHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;

/** Task resources: lambda:invoke, nested executions, and aws-sdk integrations through the dispatcher. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskIntegrationTest {
  private final List<Map<String, String>> ec2Requests = new CopyOnWriteArrayList<>();
  private final List<LocalRequest> eventsRequests = new CopyOnWriteArrayList<>();
  private LocalSfnFixture local;

  /** Stands in for the local EC2: answers DescribeVpcs for vpc-1 and InvalidVpcID.NotFound otherwise. */
  private final ServiceHandler fakeEc2 = new ServiceHandler() {
    @Override
    public boolean accepts(LocalRequest request) {
      return request.header("x-amz-target") == null && request.formParameters().containsKey("Action");
    }

    @Override
    public LocalResponse handle(LocalRequest request) {
      Map<String, String> form = request.formParameters();
      ec2Requests.add(form);
      if (!"vpc-1".equals(form.get("VpcId.1"))) {
        return LocalResponse.xml(400, "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>"
            + "<Message>The vpc ID '" + form.get("VpcId.1") + "' does not exist</Message></Error></Errors>"
            + "<RequestID>r-1</RequestID></Response>");
      }
      return LocalResponse.xml(200, "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
          + "<requestId>r-1</requestId><vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock>"
          + "<state>available</state><isDefault>false</isDefault><tagSet><item><key>Name</key><value>prod</value></item>"
          + "</tagSet></item></vpcSet></DescribeVpcsResponse>");
    }
  };

  /** Stands in for the local EventBridge (JSON 1.1, AWSEvents.*). */
  private final ServiceHandler fakeEvents = new ServiceHandler() {
    @Override
    public boolean accepts(LocalRequest request) {
      String target = request.header("x-amz-target");
      return target != null && target.startsWith("AWSEvents.");
    }

    @Override
    public LocalResponse handle(LocalRequest request) {
      eventsRequests.add(request);
      if (request.header("x-amz-target").equals("AWSEvents.PutEvents")) {
        return LocalResponse.json(200, "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}");
      }
      return LocalResponse.json(400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Rule r does not exist.\"}");
    }
  };

  @BeforeAll
  void start() throws Exception {
    local = new LocalSfnFixture(fakeEc2, fakeEvents);
  }

  @AfterAll
  void stop() {
    local.close();
  }

  @Test
  void lambdaInvoke_whenPayloadPath_returnsPayloadAndStatusCode() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"%s","Payload.$":"$.body"},"End":true}}}"""
        .formatted(LocalSfnFixture.functionArn("echo"));
    DescribeExecutionResponse d = local.run(def, "{\"body\":{\"x\":[1,2]}}");
    JsonNode out = json(d.output());
    assertThat(out.get("Payload")).isEqualTo(json("{\"x\":[1,2]}"));
    assertThat(out.get("StatusCode").asInt()).isEqualTo(200);
    assertThat(out.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
    assertThat(out.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
    HistoryEvent scheduled = local.sfn.getExecutionHistory(b -> b.executionArn(d.executionArn())).events().stream()
        .filter(e -> e.typeAsString().equals("TaskScheduled")).findFirst().orElseThrow();
    assertThat(scheduled.taskScheduledEventDetails().resourceType()).isEqualTo("lambda");
    assertThat(scheduled.taskScheduledEventDetails().resource()).isEqualTo("invoke");
    assertThat(local.eventTypes(d.executionArn())).containsSubsequence("TaskScheduled", "TaskStarted", "TaskSucceeded");
  }

  @Test
  void lambdaInvoke_whenHandlerThrows_failsWithExceptionClassName() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"failing","Payload":{"message":"no"}},"End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.error()).isEqualTo(TestFailureException.class.getName());
    assertThat(json(d.cause()).get("errorMessage").asText()).isEqualTo("no");
  }

  @Test
  void lambdaInvoke_whenFunctionMissing_failsWithLambdaResourceNotFound() {
    String def = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"nobody"},"End":true}}}""";
    assertThat(local.run(def, "{}").error()).isEqualTo("Lambda.ResourceNotFoundException");
  }

  @Test
  void waitForTaskToken_whenAnsweredWithSuccessOrFailure_resumesOrFails() throws Exception {
    local.lambda.createFunction(new LambdaFunction("sink", TokenSinkHandler.class.getName(), Map.of(),
        LocalSfnFixture.FUNCTION_TIMEOUT));
    String def = """
        {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters":{"FunctionName":"sink","Payload":{"token.$":"$$.Task.Token"}},"ResultPath":"$.answer",
          "Catch":[{"ErrorEquals":["Approval.Denied"],"ResultPath":"$.denied","Next":"Denied"}],"End":true},
          "Denied":{"Type":"Pass","End":true}}}""";
    String arn = local.create(def);
    String approved = local.sfn.startExecution(b -> b.stateMachineArn(arn).input("{\"n\":1}")).executionArn();
    String token = TokenSinkHandler.TOKENS.poll(30, TimeUnit.SECONDS);
    assertThat(token).isNotBlank();
    local.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"ok\":true}"));
    local.await(approved);
    assertThat(json(local.sfn.describeExecution(b -> b.executionArn(approved)).output()))
        .isEqualTo(json("{\"n\":1,\"answer\":{\"ok\":true}}"));
    assertThatThrownBy(() -> local.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
        .isInstanceOf(TaskDoesNotExistException.class);

    String denied = local.sfn.startExecution(b -> b.stateMachineArn(arn).input("{}")).executionArn();
    String second = TokenSinkHandler.TOKENS.poll(30, TimeUnit.SECONDS);
    local.sfn.sendTaskHeartbeat(b -> b.taskToken(second));
    local.sfn.sendTaskFailure(b -> b.taskToken(second).error("Approval.Denied").cause("no"));
    local.await(denied);
    assertThat(json(local.sfn.describeExecution(b -> b.executionArn(denied)).output()).get("denied"))
        .isEqualTo(json("{\"Error\":\"Approval.Denied\",\"Cause\":\"no\"}"));
    assertThat(local.eventTypes(denied)).containsSubsequence("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskFailed");
  }

  @Test
  void startExecution_whenSyncAndSync2_waitsForChildAndReturnsItsOutput() {
    String child = local.create("""
        {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},
          "P":{"Type":"Pass","Parameters":{"doubled.$":"States.MathAdd($.n, $.n)"},"End":true}}}""");
    String def = """
        {"StartAt":"Async","States":{
          "Async":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
            "Parameters":{"StateMachineArn":"%1$s","Input":{"n":1}},"ResultPath":"$.async","Next":"Sync"},
          "Sync":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync",
            "Parameters":{"StateMachineArn":"%1$s","Input":{"n":2}},"ResultSelector":{"out.$":"$.Output"},"ResultPath":"$.sync","Next":"Sync2"},
          "Sync2":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
            "Parameters":{"StateMachineArn":"%1$s","Input":{"n":3,"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$":"$$.Execution.Id"}},
            "ResultSelector":{"out.$":"$.Output","status.$":"$.Status"},"ResultPath":"$.sync2","End":true}}}"""
        .formatted(child);
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode out = json(d.output());
    assertThat(out.at("/async/ExecutionArn").asText()).contains(":execution:");
    assertThat(out.at("/sync/out").asText()).isEqualTo("{\"doubled\":4}");
    assertThat(out.at("/sync2/out")).isEqualTo(json("{\"doubled\":6}"));
    assertThat(out.at("/sync2/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(local.sfn.listExecutions(b -> b.stateMachineArn(child)).executions()).hasSize(3);
    assertThat(local.eventTypes(d.executionArn())).contains("TaskSubmitted");
  }

  @Test
  void startExecutionSync_whenChildFails_failsWithTaskFailedAndDescribedChild() {
    String child = local.create("""
        {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Child.Broke","Cause":"c"}}}""");
    String def = """
        {"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
          "Parameters":{"StateMachineArn":"%s"},"End":true}}}""".formatted(child);
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.error()).isEqualTo("States.TaskFailed");
    assertThat(json(d.cause()).get("Error").asText()).isEqualTo("Child.Broke");
    assertThat(json(d.cause()).get("Status").asText()).isEqualTo("FAILED");
  }

  @Test
  void awsSdkSfn_whenDescribeStateMachine_returnsPascalCaseAndNamesErrorsSfnDotException() {
    String target = local.create("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
    String def = """
        {"StartAt":"D","States":{"D":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:describeStateMachine",
          "Parameters":{"StateMachineArn.$":"$.arn"},"ResultSelector":{"name.$":"$.Name","type.$":"$.Type"},"Next":"Missing"},
          "Missing":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:describeExecution",
            "Parameters":{"ExecutionArn":"arn:aws:states:us-east-1:000000000000:execution:none:none"},
            "Catch":[{"ErrorEquals":["Sfn.ExecutionDoesNotExistException"],"ResultPath":"$.error","Next":"Done"}],"End":true},
          "Done":{"Type":"Pass","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"arn\":\"" + target + "\"}");
    assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode out = json(d.output());
    assertThat(out.get("name").asText()).isEqualTo(target.substring(target.lastIndexOf(':') + 1));
    assertThat(out.get("type").asText()).isEqualTo("STANDARD");
    assertThat(out.at("/error/Error").asText()).isEqualTo("Sfn.ExecutionDoesNotExistException");
  }

  @Test
  void awsSdkEc2_whenDescribeVpcs_sendsQueryProtocolAndReturnsPascalCase() {
    String def = """
        {"StartAt":"D","States":{"D":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:ec2:describeVpcs",
          "Parameters":{"VpcIds.$":"States.Array($.vpcId)","Filters":[{"Name":"tag:Name","Values":["prod"]}]},
          "Catch":[{"ErrorEquals":["Ec2.InvalidVpcID.NotFoundException"],"ResultPath":"$.error","Next":"NotFound"}],"End":true},
          "NotFound":{"Type":"Pass","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"vpcId\":\"vpc-1\"}");
    assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode vpc = json(d.output()).at("/Vpcs/0");
    assertThat(vpc.get("VpcId").asText()).isEqualTo("vpc-1");
    assertThat(vpc.get("CidrBlock").asText()).isEqualTo("10.0.0.0/16");
    assertThat(vpc.at("/Tags/0/Value").asText()).isEqualTo("prod");
    Map<String, String> form = ec2Requests.get(ec2Requests.size() - 1);
    assertThat(form).containsEntry("Action", "DescribeVpcs").containsEntry("VpcId.1", "vpc-1")
        .containsEntry("Filter.1.Name", "tag:Name").containsEntry("Filter.1.Value.1", "prod");

    DescribeExecutionResponse missing = local.run(def, "{\"vpcId\":\"vpc-2\"}");
    assertThat(missing.status()).as(missing.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(missing.output()).at("/error/Error").asText()).isEqualTo("Ec2.InvalidVpcID.NotFoundException");
    assertThat(json(missing.output()).at("/error/Cause").asText()).contains("vpc-2");
  }

  @Test
  void awsSdkEventBridge_whenPutEvents_sendsJsonAndNamesErrors() {
    String def = """
        {"StartAt":"Put","States":{"Put":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:eventbridge:putEvents",
          "Parameters":{"Entries":[{"Source":"mirrorflow","DetailType":"scan","Detail.$":"States.JsonToString($.detail)",
            "EventBusName":"mirrorflow-c1"}]},"ResultPath":"$.put","Next":"Describe"},
          "Describe":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:eventbridge:describeRule",
            "Parameters":{"Name":"r"},"Catch":[{"ErrorEquals":["EventBridge.ResourceNotFoundException"],
            "ResultPath":"$.error","Next":"Done"}],"End":true},"Done":{"Type":"Pass","End":true}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"detail\":{\"vpcId\":\"vpc-1\"}}");
    assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode out = json(d.output());
    assertThat(out.at("/put/FailedEntryCount").asInt()).isZero();
    assertThat(out.at("/put/Entries/0/EventId").asText()).isEqualTo("e-1");
    assertThat(out.at("/error/Error").asText()).isEqualTo("EventBridge.ResourceNotFoundException");
    JsonNode sent = json(eventsRequests.stream()
        .filter(r -> r.header("x-amz-target").equals("AWSEvents.PutEvents")).findFirst().orElseThrow().bodyAsString());
    assertThat(sent.at("/Entries/0/Detail").asText()).isEqualTo("{\"vpcId\":\"vpc-1\"}");
    assertThat(sent.at("/Entries/0/EventBusName").asText()).isEqualTo("mirrorflow-c1");
  }
}
