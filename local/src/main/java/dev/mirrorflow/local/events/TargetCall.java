package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Calls a state machine or a Lambda function target in the local cloud, as both EventBridge and
 * Scheduler do: a state machine starts an execution with the input, a function is invoked
 * asynchronously with it.
 */
public final class TargetCall {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TargetCall() {}

  /** Calls the state machine or function {@code arn} with {@code input}; anything else is unreachable. */
  public static TargetAnswer call(AwsDispatcher dispatcher, String arn, String input) {
    String[] fn = arn.split(":");
    String service = fn.length > 2 ? fn[2] : "";
    switch (service) {
      case "states": {
        if (!arn.contains(":stateMachine:")) {
          return TargetAnswer.unreachable("not a state machine ARN: " + arn);
        }
        ObjectNode body = JSON.createObjectNode().put("stateMachineArn", arn).put("input", input);
        LocalResponse started = dispatcher.dispatch(LocalRequest.awsJson("AWSStepFunctions.StartExecution", body.toString()));
        return TargetAnswer.of(started).started(RecentEvents.executionArn(started));
      }
      case "lambda": {
        if (fn.length < 7 || !fn[5].equals("function")) {
          return TargetAnswer.unreachable("not a Lambda function ARN: " + arn);
        }
        LocalRequest request = new LocalRequest(
            "POST",
            "/2015-03-31/functions/" + fn[6] + "/invocations",
            fn.length > 7 ? "Qualifier=" + fn[7] : "",
            Map.of(
                "x-amz-invocation-type", List.of("Event"),
                "content-type", List.of("application/json")),
            input.getBytes(StandardCharsets.UTF_8));
        return TargetAnswer.of(dispatcher.dispatch(request));
      }
      default:
        return TargetAnswer.unreachable("the local cloud has no " + service + " service to deliver to " + arn);
    }
  }
}
