package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.AwsDispatcher;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers events to rules' targets, each on a delivery thread: a state machine or Lambda function
 * through {@link TargetCall}, an event bus by routing the event on it. A failed attempt that is worth
 * retrying (throttling, a 5xx answer; see {@link TargetAnswer}) is retried on the local clock within
 * the target's {@link RetryPolicy}; then, or at once for any other failure, the event goes to the
 * target's {@code DeadLetterConfig}, kept in memory (the local cloud has no SQS). What deliveries
 * come to is told to {@link DeliveryOutcomes}.
 */
record RetryingDelivery(LocalClock clock, Executor executor, ClockScheduler scheduler, AwsDispatcher dispatcher,
    BusTarget buses, RunningCounters counters, RecentEvents recent, DeliveryOutcomes outcomes) {
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
      return new Attempt("NO_RESOURCE", message, false);
    }

    /** EventBridge's dead-letter error code for a target's answer; other refusals keep the target's type. */
    static Attempt of(TargetAnswer answer) {
      String code = switch (answer.kind()) {
        case ACCEPTED -> null;
        case NO_RESOURCE -> "NO_RESOURCE";
        case THROTTLED -> "THROTTLING";
        case SERVER_ERROR -> "SDK_CLIENT_ERROR";
        case REFUSED -> answer.errorType();
      };
      return new Attempt(code, code == null ? null : answer.describe(), answer.retriable(), answer.executionArn());
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
    RetryPolicy.Next next = RetryPolicy.of(d.target().path("RetryPolicy"))
        .afterFailure(d.retriesDone(), clock.instant(), d.ingested());
    if (!next.retry()) {
      giveUp(d, result, next.exhausted());
      return;
    }
    Delivery again = d.retried();
    counters.retries.incrementAndGet();
    try {
      scheduler.schedule(next.at(), () -> attempt(again));
    } catch (IllegalStateException closed) {
      outcomes.end();
    }
  }

  private Attempt send(Delivery d) {
    String arn = d.targetArn();
    String[] parts = arn.split(":", 7);
    if (parts.length > 2 && parts[2].equals("events")) {
      int i = arn.indexOf(":event-bus/");
      if (i < 0) {
        return Attempt.notFound("not an event bus ARN: " + arn);
      }
      String bus = arn.substring(i + ":event-bus/".length());
      String busAccount = parts.length > 4 ? parts[4] : EventsService.ACCOUNT_ID;
      return buses.forward(busAccount, bus, d.ruleArn().split(":")[4], d.event());
    }
    return Attempt.of(TargetCall.call(dispatcher, arn, d.input()));
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
