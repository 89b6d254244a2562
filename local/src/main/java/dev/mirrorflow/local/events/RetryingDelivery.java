package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers events to rules' targets, each on a delivery thread: a state machine starts an execution,
 * a Lambda function is invoked asynchronously, an event bus receives the event. A failed attempt (a
 * non-2xx answer) is retried with exponential backoff on the local clock within the target's
 * {@code RetryPolicy}, then handed to its {@code DeadLetterConfig}, kept in memory (the local cloud
 * has no SQS). What they come to is told to {@link DeliveryOutcomes}.
 */
record RetryingDelivery(LocalClock clock, Executor executor, ClockScheduler scheduler, AwsDispatcher dispatcher,
    BusTarget buses, RunningCounters counters, RecentEvents recent, DeliveryOutcomes outcomes) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_RETRY_ATTEMPTS = 185;
  private static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** The outcome of one attempt: null code means success; the execution it started, if any. */
  record Attempt(String errorCode, String errorMessage, boolean retriable, String executionArn) {
    static final Attempt OK = new Attempt(null, null, false);

    Attempt(String errorCode, String errorMessage, boolean retriable) {
      this(errorCode, errorMessage, retriable, null);
    }

    Attempt started(String executionArn) {
      return new Attempt(errorCode, errorMessage, retriable, executionArn);
    }

    static Attempt notFound(String message) {
      return new Attempt("RESOURCE_NOT_FOUND", message, false);
    }
  }

  /** Where an event for an event bus target goes: routed on that bus, if it takes it. */
  interface BusTarget {
    Attempt forward(String busAccount, String busName, String senderAccount, ObjectNode event);
  }

  /** One event on its way to one target; a retry is a new one with one more retry done. */
  private record Delivery(String ruleArn, String ruleName, ObjectNode target, ObjectNode event, Instant ingested,
      String input, int retriesDone) {
    String targetArn() {
      return target.get("Arn").asText();
    }

    Delivery retried() {
      return new Delivery(ruleArn, ruleName, target, event, ingested, input, retriesDone + 1);
    }
  }

  // ================================================================ delivering

  /** Starts the delivery of an event to one target of the rule that matched (or fired). */
  void deliver(String ruleArn, String ruleName, ObjectNode target, ObjectNode event) {
    outcomes.begin();
    String input;
    try {
      input = TargetInput.render(target, event, ruleArn, ruleName, event.get("time").asText());
    } catch (TargetInput.TransformationException e) {
      Delivery d = new Delivery(ruleArn, ruleName, target, event, clock.instant(), null, 0);
      counters.deliveryFailures.incrementAndGet();
      giveUp(d, new Attempt("INVALID_INPUT", e.getMessage(), false), null);
      return;
    }
    Delivery d = new Delivery(ruleArn, ruleName, target, event, clock.instant(), input, 0);
    submit(d);
  }

  private void submit(Delivery d) {
    try {
      executor.execute(() -> attempt(d));
    } catch (RejectedExecutionException e) {
      outcomes.end();
    }
  }

  private void attempt(Delivery d) {
    Attempt result;
    try {
      result = send(d);
    } catch (RuntimeException e) {
      result = new Attempt("SDK_CLIENT_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage(), true);
    }
    if (result.errorCode() == null) {
      counters.deliveries.incrementAndGet();
      end(d, DeliveryOutcome.Status.DELIVERED, result);
      return;
    }
    counters.deliveryFailures.incrementAndGet();
    if (!result.retriable()) {
      giveUp(d, result, null);
      return;
    }
    JsonNode policy = d.target().path("RetryPolicy");
    int maxRetries = policy.path("MaximumRetryAttempts").asInt(DEFAULT_RETRY_ATTEMPTS);
    int maxAge = policy.path("MaximumEventAgeInSeconds").asInt(DEFAULT_EVENT_AGE_SECONDS);
    if (d.retriesDone() >= maxRetries) {
      giveUp(d, result, "MaximumRetryAttempts");
      return;
    }
    Duration backoff = Duration.ofSeconds(1L << Math.min(d.retriesDone(), 20));
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    Instant next = clock.instant().plus(backoff);
    if (next.isAfter(d.ingested().plusSeconds(maxAge))) {
      giveUp(d, result, "MaximumEventAgeInSeconds");
      return;
    }
    Delivery again = d.retried();
    counters.retries.incrementAndGet();
    try {
      scheduler.schedule(next, () -> attempt(again));
    } catch (IllegalStateException closed) {
      outcomes.end();
    }
  }

  private Attempt send(Delivery d) {
    String arn = d.targetArn();
    String[] parts = arn.split(":", 7);
    String service = parts.length > 2 ? parts[2] : "";
    switch (service) {
      case "states": {
        if (!arn.contains(":stateMachine:")) {
          return Attempt.notFound("not a state machine ARN: " + arn);
        }
        ObjectNode body = JSON.createObjectNode().put("stateMachineArn", arn).put("input", d.input());
        LocalResponse started = dispatcher.dispatch(LocalRequest.awsJson("AWSStepFunctions.StartExecution", body.toString()));
        return outcome(started).started(RecentEvents.executionArn(started));
      }
      case "lambda": {
        String[] fn = arn.split(":");
        if (fn.length < 7 || !fn[5].equals("function")) {
          return Attempt.notFound("not a Lambda function ARN: " + arn);
        }
        String query = fn.length > 7 ? "Qualifier=" + fn[7] : "";
        LocalRequest request = new LocalRequest(
            "POST",
            "/2015-03-31/functions/" + fn[6] + "/invocations",
            query,
            Map.of(
                "x-amz-invocation-type", List.of("Event"),
                "content-type", List.of("application/json")),
            d.input().getBytes(StandardCharsets.UTF_8));
        return outcome(dispatcher.dispatch(request));
      }
      case "events": {
        int i = arn.indexOf(":event-bus/");
        if (i < 0) {
          return Attempt.notFound("not an event bus ARN: " + arn);
        }
        String bus = arn.substring(i + ":event-bus/".length());
        String busAccount = parts.length > 4 ? parts[4] : EventsService.ACCOUNT_ID;
        return buses.forward(busAccount, bus, d.ruleArn().split(":")[4], d.event());
      }
      default:
        return Attempt.notFound(
            "the local cloud has no " + service + " service to deliver to " + arn
                + "; use a state machine, Lambda function or event bus target");
    }
  }

  private static Attempt outcome(LocalResponse response) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      return Attempt.OK;
    }
    String type = "HTTP_" + status;
    String message = response.bodyAsString();
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body != null && body.hasNonNull("__type")) {
        type = body.get("__type").asText();
        type = type.substring(type.lastIndexOf('#') + 1);
      }
      if (body != null && body.hasNonNull("message")) {
        message = body.get("message").asText();
      } else if (body != null && body.hasNonNull("Message")) {
        message = body.get("Message").asText();
      }
    } catch (java.io.IOException ignored) {
      // Not JSON: keep the raw body as the message.
    }
    // As on AWS, a target that does not exist is not retried; it goes to the dead-letter queue at once.
    boolean missing = status == 404 || type.endsWith("NotFoundException") || type.endsWith("DoesNotExist")
        || type.equals("UnknownOperationException");
    if (missing) {
      return Attempt.notFound(type + ": " + message);
    }
    if (status == 429 || type.contains("Throttl") || type.contains("TooManyRequests")) {
      return new Attempt("THROTTLING", type + ": " + message, true);
    }
    return new Attempt(status >= 500 ? "SDK_CLIENT_ERROR" : type, type + ": " + message, true);
  }

  private void giveUp(Delivery d, Attempt result, String exhausted) {
    String dlq = d.target().path("DeadLetterConfig").path("Arn").asText(null);
    if (dlq == null) {
      counters.dropped.incrementAndGet();
      end(d, DeliveryOutcome.Status.DROPPED, result);
      return;
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("ERROR_CODE", result.errorCode());
    attributes.put("ERROR_MESSAGE", result.errorMessage());
    if (exhausted != null) {
      attributes.put("EXHAUSTED_RETRY_CONDITION", exhausted);
    }
    attributes.put("RETRY_ATTEMPTS", String.valueOf(d.retriesDone()));
    attributes.put("RULE_ARN", d.ruleArn());
    attributes.put("TARGET_ARN", d.targetArn());
    DeadLetter letter = new DeadLetter(dlq, d.event().toString(), d.input(), attributes, clock.instant());
    outcomes.deadLettered(letter);
    counters.deadLettered.incrementAndGet();
    end(d, DeliveryOutcome.Status.DEAD_LETTERED, result);
  }

  private void end(Delivery d, DeliveryOutcome.Status status, Attempt result) {
    DeliveryOutcome outcome = new DeliveryOutcome(
        d.ruleArn(), d.target().path("Id").asText(), d.targetArn(), d.event().path("id").asText(), d.input(), status,
        result.errorCode(), result.errorMessage(), d.retriesDone());
    recent.delivered(outcome.eventId(), d.ruleName(), new RecentEvents.Delivery(
        outcome.targetId(), outcome.targetArn(), status.name(), result.executionArn(), result.errorCode()));
    outcomes.ended(outcome);
  }
}
