package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for Step Functions and Lambda: records every StartExecution and every invocation. A
 * state machine whose name starts with {@code failing} answers 500, one starting with
 * {@code missing} answers {@code StateMachineDoesNotExist}, one starting with {@code refusing} answers
 * 400 {@code InvalidExecutionInput}.
 */
final class FakeTargets implements ServiceHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One StartExecution request: the state machine and its input, parsed. */
  record Start(String stateMachineArn, JsonNode input, String rawInput) {}

  /** One Lambda invocation. */
  record Invoke(String path, String invocationType, String payload) {}

  final BlockingQueue<Start> starts = new LinkedBlockingQueue<>();
  final BlockingQueue<Start> failedStarts = new LinkedBlockingQueue<>();
  final BlockingQueue<Invoke> invokes = new LinkedBlockingQueue<>();

  @Override
  public boolean accepts(LocalRequest request) {
    String target = request.header("x-amz-target");
    return (target != null && target.startsWith("AWSStepFunctions."))
        || request.path().startsWith("/2015-03-31/functions/");
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    if (request.path().startsWith("/2015-03-31/functions/")) {
      invokes.add(new Invoke(request.path(), request.header("x-amz-invocation-type"), request.bodyAsString()));
      return new LocalResponse(202, "application/json", new byte[0], java.util.Map.of());
    }
    try {
      JsonNode body = JSON.readTree(request.body());
      String arn = body.get("stateMachineArn").asText();
      String raw = body.get("input").asText();
      JsonNode input;
      try {
        input = JSON.readTree(raw);
      } catch (IOException e) {
        input = null;
      }
      Start start = new Start(arn, input, raw);
      String name = arn.substring(arn.lastIndexOf(':') + 1);
      if (name.startsWith("failing")) {
        failedStarts.add(start);
        return LocalResponse.json(500, "{\"__type\":\"ServiceUnavailable\",\"message\":\"try later\"}");
      }
      if (name.startsWith("missing")) {
        failedStarts.add(start);
        return LocalResponse.json(
            400, "{\"__type\":\"StateMachineDoesNotExist\",\"message\":\"State Machine Does Not Exist: '" + arn + "'\"}");
      }
      if (name.startsWith("refusing")) {
        failedStarts.add(start);
        return LocalResponse.json(400, "{\"__type\":\"InvalidExecutionInput\",\"message\":\"not the input I want\"}");
      }
      starts.add(start);
      return LocalResponse.json(
          200, "{\"executionArn\":\"" + arn.replace(":stateMachine:", ":execution:") + ":x\",\"startDate\":1.0}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next execution started, waiting up to {@code timeout} of real time for it. */
  Start nextStart(Duration timeout) throws InterruptedException {
    Start start = starts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (start == null) {
      throw new AssertionError("no StartExecution arrived within " + timeout);
    }
    return start;
  }
}
