package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mirrorflow.local.lambda.FunctionNotFoundException;
import dev.mirrorflow.local.lambda.TooManyRequestsException;
import dev.mirrorflow.local.lambda.Invocation;
import dev.mirrorflow.local.lambda.LocalLambda;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a Task state's resource: a Lambda function ARN, {@code arn:aws:states:::lambda:invoke},
 * {@code arn:aws:states:::states:startExecution} (request-response, {@code .sync}, {@code .sync:2}),
 * and {@code arn:aws:states:::aws-sdk:SERVICE:apiAction}; records the history events AWS records for
 * each and turns failures into the error names Step Functions uses.
 */
final class Tasks {
  private static final Pattern LAMBDA_ARN =
      Pattern.compile("^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$");
  private static final Pattern SERVICE_ARN =
      Pattern.compile("^arn:aws[a-z-]*:states:[^:]*:[^:]*:(aws-sdk:[a-z0-9-]+|[a-z0-9-]+):([A-Za-z0-9]+)(\\.sync(:2)?|\\.waitForTaskToken)?$");

  private final LocalStepFunctions engine;
  private final LocalLambda lambda;
  private final AwsSdkIntegration sdk;
  private final String region;

  Tasks(LocalStepFunctions engine, LocalLambda lambda, AwsSdkIntegration sdk, String region) {
    this.engine = engine;
    this.lambda = lambda;
    this.sdk = sdk;
    this.region = region;
  }

  JsonNode run(String name, JsonNode state, JsonNode effective, JsonNode ctx, Execution.Lane lane,
      Scope scope, Interpreter in) {
    String resource = state.get("Resource").asText();
    String taskToken = null;
    if (resource.endsWith(".waitForTaskToken")) {
      taskToken = engine.newTaskToken();
      ((ObjectNode) ctx).putObject("Task").put("Token", taskToken);
    }
    JsonNode payload = state.has("Parameters")
        ? Paths.template(state.get("Parameters"), effective, ctx, StatesException.PARAMETER_PATH_FAILURE)
        : effective;
    Long timeoutSeconds = null;
    if (state.has("TimeoutSeconds")) {
      timeoutSeconds = state.get("TimeoutSeconds").asLong();
    } else if (state.has("TimeoutSecondsPath")) {
      JsonNode v;
      try {
        v = Paths.read(effective, ctx, state.get("TimeoutSecondsPath").asText());
      } catch (Paths.PathException e) {
        throw new StatesException(StatesException.RUNTIME, "TimeoutSecondsPath: " + e.getMessage());
      }
      if (!v.isIntegralNumber() || v.asLong() <= 0) {
        throw new StatesException(StatesException.RUNTIME,
            "TimeoutSecondsPath must select a positive integer, got " + Json.write(v));
      }
      timeoutSeconds = v.asLong();
    }
    Instant deadline = timeoutSeconds == null ? null : in.clock().instant().plusSeconds(timeoutSeconds);
    Execution execution = in.execution();

    if (LAMBDA_ARN.matcher(resource).matches()) {
      return lambdaFunction(resource, payload, timeoutSeconds, deadline, lane, scope, in);
    }
    Matcher m = SERVICE_ARN.matcher(resource);
    if (!m.matches()) {
      throw new StatesException(StatesException.RUNTIME,
          "the local Step Functions cannot run resource " + resource + " of state " + name
              + ": it runs Lambda function ARNs, arn:aws:states:::lambda:invoke, states:startExecution"
              + " (.sync, .sync:2) and aws-sdk:eventbridge|ec2|sfn");
    }
    String resourceType = m.group(1);
    String action = m.group(2);
    String pattern = m.group(3) == null ? "" : m.group(3);
    String resourceName = action + pattern;
    ObjectNode scheduled = Json.MAPPER.createObjectNode()
        .put("resourceType", resourceType).put("resource", resourceName).put("region", region)
        .put("parameters", Json.write(payload));
    if (timeoutSeconds != null) {
      scheduled.put("timeoutInSeconds", timeoutSeconds);
    }
    execution.addEvent(lane, in.clock().instant(), "TaskScheduled", "taskScheduledEventDetails", scheduled);
    execution.addEvent(lane, in.clock().instant(), "TaskStarted", "taskStartedEventDetails",
        Json.MAPPER.createObjectNode().put("resourceType", resourceType).put("resource", resourceName));
    try {
      JsonNode result;
      if (resourceType.equals("lambda") && action.equals("invoke") && pattern.isEmpty()) {
        result = lambdaInvoke(payload, deadline, scope, in);
      } else if (pattern.equals(".waitForTaskToken")
          && ((resourceType.equals("lambda") && action.equals("invoke"))
              || (resourceType.equals("states") && action.equals("startExecution")))) {
        result = waitForTaskToken(taskToken, resourceType, action, resourceName, payload, deadline, lane, scope, in);
      } else if (resourceType.equals("states") && action.equals("startExecution") && !pattern.startsWith(".wait")) {
        result = startExecution(payload, pattern, resourceType, resourceName, deadline, lane, scope, in);
      } else if (resourceType.startsWith("aws-sdk:") && pattern.isEmpty()) {
        String service = resourceType.substring("aws-sdk:".length());
        result = in.await(submit(in, () -> sdk.call(service, action, payload)), deadline, scope);
      } else {
        throw new StatesException(StatesException.RUNTIME,
            "the local Step Functions does not support the resource " + resource
                + " (it models lambda:invoke, states:startExecution and aws-sdk:eventbridge|ec2|sfn)");
      }
      ObjectNode ok = Json.MAPPER.createObjectNode()
          .put("resourceType", resourceType).put("resource", resourceName).put("output", Json.write(result));
      ok.putObject("outputDetails").put("truncated", false);
      execution.addEvent(lane, in.clock().instant(), "TaskSucceeded", "taskSucceededEventDetails", ok);
      return result;
    } catch (StatesException e) {
      ObjectNode failed = Json.MAPPER.createObjectNode()
          .put("resourceType", resourceType).put("resource", resourceName).put("error", e.error());
      if (e.cause() != null) {
        failed.put("cause", e.cause());
      }
      boolean timedOut = e.error().equals(StatesException.TIMEOUT);
      execution.addEvent(lane, in.clock().instant(), timedOut ? "TaskTimedOut" : "TaskFailed",
          timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails", failed);
      throw e;
    }
  }

  /**
   * The callback pattern: starts the work, then waits until someone answers the task token with
   * SendTaskSuccess or SendTaskFailure.
   */
  private JsonNode waitForTaskToken(String token, String resourceType, String action, String resourceName,
      JsonNode payload, Instant deadline, Execution.Lane lane, Scope scope, Interpreter in) {
    try {
      JsonNode started = resourceType.equals("lambda")
          ? lambdaInvoke(payload, deadline, scope, in)
          : startExecution(payload, "", resourceType, resourceName, deadline, lane, scope, in);
      ObjectNode submitted = Json.MAPPER.createObjectNode()
          .put("resourceType", resourceType).put("resource", resourceName).put("output", Json.write(started));
      submitted.putObject("outputDetails").put("truncated", false);
      in.execution().addEvent(lane, in.clock().instant(), "TaskSubmitted", "taskSubmittedEventDetails", submitted);
      return in.await(engine.taskTokenFuture(token), deadline, scope);
    } finally {
      engine.forgetTaskToken(token);
    }
  }

  private static <T> Future<T> submit(Interpreter in, Supplier<T> work) {
    return in.threads().submit(work::get);
  }

  private JsonNode lambdaFunction(String arn, JsonNode payload, Long timeoutSeconds, Instant deadline,
      Execution.Lane lane, Scope scope, Interpreter in) {
    Execution execution = in.execution();
    ObjectNode scheduled = Json.MAPPER.createObjectNode().put("resource", arn).put("input", Json.write(payload));
    scheduled.putObject("inputDetails").put("truncated", false);
    if (timeoutSeconds != null) {
      scheduled.put("timeoutInSeconds", timeoutSeconds);
    }
    execution.addEvent(lane, in.clock().instant(), "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", scheduled);
    execution.addEvent(lane, in.clock().instant(), "LambdaFunctionStarted", null, null);
    Invocation invocation;
    try {
      byte[] bytes = Json.write(payload).getBytes(StandardCharsets.UTF_8);
      invocation = in.await(submit(in, () -> lambda.invoke(arn, bytes)), deadline, scope);
    } catch (TooManyRequestsException e) {
      StatesException se = new StatesException("Lambda.TooManyRequestsException", e.getMessage());
      execution.addEvent(lane, in.clock().instant(), "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails",
          Interpreter.errorDetails(se));
      throw se;
    } catch (FunctionNotFoundException e) {
      StatesException se = new StatesException("Lambda.ResourceNotFoundException", e.getMessage());
      execution.addEvent(lane, in.clock().instant(), "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails",
          Interpreter.errorDetails(se));
      throw se;
    } catch (StatesException e) {
      execution.addEvent(lane, in.clock().instant(),
          e.error().equals(StatesException.TIMEOUT) ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed",
          e.error().equals(StatesException.TIMEOUT) ? "lambdaFunctionTimedOutEventDetails" : "lambdaFunctionFailedEventDetails",
          Interpreter.errorDetails(e));
      throw e;
    }
    if (invocation.failed()) {
      StatesException se = new StatesException(errorName(invocation), invocation.payloadAsString());
      execution.addEvent(lane, in.clock().instant(), "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails",
          Interpreter.errorDetails(se));
      throw se;
    }
    JsonNode output = parsePayload(invocation, true);
    ObjectNode ok = Json.MAPPER.createObjectNode().put("output", Json.write(output));
    ok.putObject("outputDetails").put("truncated", false);
    execution.addEvent(lane, in.clock().instant(), "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", ok);
    return output;
  }

  private JsonNode lambdaInvoke(JsonNode params, Instant deadline, Scope scope, Interpreter in) {
    if (!params.path("FunctionName").isTextual()) {
      throw new StatesException(StatesException.RUNTIME,
          "arn:aws:states:::lambda:invoke needs Parameters.FunctionName (a function name or ARN)");
    }
    String function = params.get("FunctionName").asText();
    JsonNode payload = params.has("Payload") ? params.get("Payload") : Json.MAPPER.createObjectNode();
    byte[] bytes = Json.write(payload).getBytes(StandardCharsets.UTF_8);
    Invocation invocation;
    try {
      invocation = in.await(submit(in, () -> lambda.invoke(function, bytes)), deadline, scope);
    } catch (TooManyRequestsException e) {
      throw new StatesException("Lambda.TooManyRequestsException", e.getMessage());
    } catch (FunctionNotFoundException e) {
      throw new StatesException("Lambda.ResourceNotFoundException",
          e.getMessage() + " (Service: Lambda, Status Code: 404, Request ID: " + UUID.randomUUID() + ")");
    }
    if (invocation.failed()) {
      throw new StatesException(errorName(invocation), invocation.payloadAsString());
    }
    String requestId = UUID.randomUUID().toString();
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("ExecutedVersion", "$LATEST");
    result.set("Payload", parsePayload(invocation, false));
    ObjectNode http = result.putObject("SdkHttpMetadata");
    ObjectNode headers = Json.MAPPER.createObjectNode()
        .put("Content-Type", "application/json")
        .put("X-Amz-Executed-Version", "$LATEST")
        .put("x-amzn-RequestId", requestId);
    ObjectNode all = http.putObject("AllHttpHeaders");
    headers.fields().forEachRemaining(e -> all.putArray(e.getKey()).add(e.getValue()));
    http.set("HttpHeaders", headers);
    http.put("HttpStatusCode", 200);
    result.putObject("SdkResponseMetadata").put("RequestId", requestId);
    result.put("StatusCode", 200);
    return result;
  }

  /**
   * The error a failed invocation raises: the function's own error type, except that Step Functions
   * reports an unhandled Lambda error (a function timeout, out of memory) as {@code Lambda.Unknown}.
   */
  static String errorName(Invocation invocation) {
    return invocation.sandboxFailed() ? LAMBDA_UNKNOWN : invocation.errorType();
  }

  static final String LAMBDA_UNKNOWN = "Lambda.Unknown";

  private static JsonNode parsePayload(Invocation invocation, boolean strict) {
    String text = invocation.payloadAsString();
    if (text.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return Json.parse(text);
    } catch (IllegalArgumentException e) {
      if (strict) {
        throw new StatesException("Lambda.InvalidJsonException",
            "the function " + invocation.functionName() + " returned a payload that is not JSON: " + text);
      }
      return TextNode.valueOf(text);
    }
  }

  private JsonNode startExecution(JsonNode params, String pattern, String resourceType, String resourceName,
      Instant deadline, Execution.Lane lane, Scope scope, Interpreter in) {
    if (!params.path("StateMachineArn").isTextual()) {
      throw new StatesException(StatesException.RUNTIME,
          "arn:aws:states:::states:startExecution needs Parameters.StateMachineArn");
    }
    JsonNode inputNode = params.get("Input");
    String input = inputNode == null || inputNode.isNull() ? "{}"
        : inputNode.isTextual() ? inputNode.asText() : Json.write(inputNode);
    String childName = params.path("Name").asText(null);
    Execution child;
    try {
      child = engine.startExecution(params.get("StateMachineArn").asText(), childName, input);
    } catch (StepFunctionsException e) {
      throw new StatesException(AwsSdkIntegration.errorName("StepFunctions", e.code()), e.getMessage());
    }
    ObjectNode started = Json.MAPPER.createObjectNode()
        .put("ExecutionArn", child.arn())
        .put("StartDate", child.startDate().toEpochMilli());
    if (pattern.isEmpty()) {
      return started;
    }
    ObjectNode submitted = Json.MAPPER.createObjectNode()
        .put("resourceType", resourceType).put("resource", resourceName).put("output", Json.write(started));
    submitted.putObject("outputDetails").put("truncated", false);
    in.execution().addEvent(lane, in.clock().instant(), "TaskSubmitted", "taskSubmittedEventDetails", submitted);
    try {
      in.await(child.completion(), deadline, scope);
    } catch (RuntimeException e) {
      engine.stopQuietly(child, "States.Aborted", "the parent execution stopped waiting");
      throw e;
    }
    boolean json = pattern.equals(".sync:2");
    ObjectNode described = Json.MAPPER.createObjectNode();
    described.put("ExecutionArn", child.arn());
    described.set("Input", json ? Json.parse(child.input()) : TextNode.valueOf(child.input()));
    described.putObject("InputDetails").put("Included", true);
    described.put("Name", child.name());
    child.output().ifPresent(o -> described.set("Output", json ? Json.parse(o) : TextNode.valueOf(o)));
    described.putObject("OutputDetails").put("Included", true);
    described.put("RedriveCount", 0);
    described.put("RedriveStatus", "NOT_REDRIVABLE");
    described.put("StartDate", child.startDate().toEpochMilli());
    described.put("StateMachineArn", child.stateMachineArn());
    described.put("Status", child.status().name());
    child.stopDate().ifPresent(d -> described.put("StopDate", d.toEpochMilli()));
    child.error().ifPresent(e -> described.put("Error", e));
    child.cause().ifPresent(c -> described.put("Cause", c));
    if (child.status() != ExecutionStatus.SUCCEEDED) {
      throw new StatesException(StatesException.TASK_FAILED, Json.write(described));
    }
    return described;
  }
}
