package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one execution's states in the order and with the input and output processing the States
 * Language specifies: {@code InputPath}, {@code Parameters}/{@code ItemSelector}, the state's work,
 * {@code ResultSelector}, {@code ResultPath}, {@code OutputPath}; {@code Retry} and {@code Catch};
 * Parallel branches and Map iterations on the engine's threads.
 */
final class Interpreter {
  /** AWS runs at most 40 iterations of an inline Map at once. */
  static final int INLINE_MAP_MAX_CONCURRENCY = 40;
  private static final Duration POLL = Duration.ofMillis(50);

  private final LocalStepFunctions engine;
  private final Execution execution;
  private final LocalClock clock;
  private final ExecutorService threads;
  private final Tasks tasks;

  Interpreter(LocalStepFunctions engine, Execution execution, LocalClock clock, ExecutorService threads, Tasks tasks) {
    this.engine = engine;
    this.execution = execution;
    this.clock = clock;
    this.threads = threads;
    this.tasks = tasks;
  }

  /** Runs the whole execution and records its end. */
  void run() {
    Execution.Lane lane = new Execution.Lane(0);
    ObjectNode started = Json.MAPPER.createObjectNode();
    started.put("input", execution.input());
    started.putObject("inputDetails").put("truncated", false);
    started.put("roleArn", execution.stateMachine().roleArn());
    execution.addEvent(lane, clock.instant(), "ExecutionStarted", "executionStartedEventDetails", started);
    try {
      JsonNode output = runMachine(execution.definition(), Json.parse(execution.input()), lane, execution.scope);
      String text = Json.write(output);
      if (execution.finish(ExecutionStatus.SUCCEEDED, text, null, null, clock.instant())) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("output", text);
        d.putObject("outputDetails").put("truncated", false);
        execution.addEvent(lane, clock.instant(), "ExecutionSucceeded", "executionSucceededEventDetails", d);
      } else {
        engine.recordStop(execution, lane);
      }
    } catch (StatesException e) {
      if (execution.finish(ExecutionStatus.FAILED, null, e.error(), e.cause(), clock.instant())) {
        execution.addEvent(lane, clock.instant(), "ExecutionFailed", "executionFailedEventDetails", errorDetails(e));
      } else {
        engine.recordStop(execution, lane);
      }
    } catch (Scope.Cancelled e) {
      engine.recordStop(execution, lane);
    } catch (RuntimeException e) {
      StatesException internal = new StatesException(StatesException.RUNTIME,
          "the local Step Functions failed: " + e);
      if (execution.finish(ExecutionStatus.FAILED, null, internal.error(), internal.cause(), clock.instant())) {
        execution.addEvent(lane, clock.instant(), "ExecutionFailed", "executionFailedEventDetails", errorDetails(internal));
      }
    } finally {
      execution.complete();
    }
  }

  static ObjectNode errorDetails(StatesException e) {
    ObjectNode d = Json.MAPPER.createObjectNode().put("error", e.error());
    if (e.cause() != null) {
      d.put("cause", e.cause());
    }
    return d;
  }

  /** Checks for a stop or the execution's own timeout. */
  void check(Scope scope) {
    Instant deadline = execution.deadline();
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      engine.timeOut(execution);
    }
    scope.check();
  }

  JsonNode runMachine(JsonNode machine, JsonNode input, Execution.Lane lane, Scope scope) {
    JsonNode states = machine.get("States");
    String current = machine.get("StartAt").asText();
    JsonNode data = input;
    while (true) {
      check(scope);
      JsonNode state = states.get(current);
      Outcome outcome = runState(current, state, data, lane, scope);
      if (outcome.next() == null) {
        return outcome.output();
      }
      data = outcome.output();
      current = outcome.next();
    }
  }

  private record Outcome(String next, JsonNode output) {}

  private Outcome runState(String name, JsonNode state, JsonNode raw, Execution.Lane lane, Scope scope) {
    String type = state.get("Type").asText();
    execution.countTransition();
    Instant entered = clock.instant();
    ObjectNode enteredDetails = Json.MAPPER.createObjectNode().put("name", name).put("input", Json.write(raw));
    enteredDetails.putObject("inputDetails").put("truncated", false);
    execution.addEvent(lane, entered, type + "StateEntered", "stateEnteredEventDetails", enteredDetails);
    String next = state.path("End").asBoolean(false) ? null : state.path("Next").asText(null);
    JsonNode output;
    switch (type) {
      case "Pass" -> {
        JsonNode ctx = context(name, entered, 0, null);
        JsonNode effective = inputPath(state, raw, ctx);
        JsonNode result = state.has("Parameters")
            ? Paths.template(state.get("Parameters"), effective, ctx, StatesException.PARAMETER_PATH_FAILURE)
            : effective;
        if (state.has("Result")) {
          result = state.get("Result");
        }
        output = outputPath(state, resultPath(state, raw, result), ctx);
      }
      case "Wait" -> {
        JsonNode ctx = context(name, entered, 0, null);
        JsonNode effective = inputPath(state, raw, ctx);
        sleepUntil(waitUntil(state, effective, ctx), scope);
        output = outputPath(state, effective, ctx);
      }
      case "Choice" -> {
        JsonNode ctx = context(name, entered, 0, null);
        JsonNode effective = inputPath(state, raw, ctx);
        next = null;
        for (JsonNode choice : state.get("Choices")) {
          if (ChoiceRules.matches(choice, effective, ctx)) {
            next = choice.get("Next").asText();
            break;
          }
        }
        if (next == null) {
          next = state.path("Default").asText(null);
        }
        if (next == null) {
          throw new StatesException(StatesException.NO_CHOICE_MATCHED,
              "No Matches! (state '" + name + "', input " + Json.write(effective) + ")");
        }
        output = outputPath(state, effective, ctx);
      }
      case "Succeed" -> {
        JsonNode ctx = context(name, entered, 0, null);
        output = outputPath(state, inputPath(state, raw, ctx), ctx);
        next = null;
      }
      case "Fail" -> throw fail(state, raw, context(name, entered, 0, null));
      default -> {
        Outcome o = runWithRetry(name, type, state, raw, entered, lane, scope);
        next = o.next();
        output = o.output();
      }
    }
    Json.checkSize(output, name);
    ObjectNode exited = Json.MAPPER.createObjectNode().put("name", name).put("output", Json.write(output));
    exited.putObject("outputDetails").put("truncated", false);
    execution.addEvent(lane, clock.instant(), type + "StateExited", "stateExitedEventDetails", exited);
    return new Outcome(next, output);
  }

  private StatesException fail(JsonNode state, JsonNode raw, JsonNode ctx) {
    String error = state.path("Error").asText(null);
    String cause = state.path("Cause").asText(null);
    if (state.has("ErrorPath")) {
      error = stringFrom(state.get("ErrorPath").asText(), raw, ctx, "ErrorPath");
    }
    if (state.has("CausePath")) {
      cause = stringFrom(state.get("CausePath").asText(), raw, ctx, "CausePath");
    }
    return new StatesException(error == null ? "" : error, cause);
  }

  private static String stringFrom(String expr, JsonNode data, JsonNode ctx, String field) {
    JsonNode v = Paths.expression(expr, data, ctx, field, StatesException.RUNTIME);
    if (!v.isTextual()) {
      throw new StatesException(StatesException.RUNTIME, field + " '" + expr + "' must select a string, got " + Json.write(v));
    }
    return v.asText();
  }

  private Outcome runWithRetry(String name, String type, JsonNode state, JsonNode raw, Instant entered,
      Execution.Lane lane, Scope scope) {
    JsonNode retriers = state.path("Retry");
    int[] attempts = new int[retriers.size()];
    int retryCount = 0;
    while (true) {
      try {
        JsonNode ctx = context(name, entered, retryCount, null);
        JsonNode effective = inputPath(state, raw, ctx);
        JsonNode result = switch (type) {
          case "Task" -> tasks.run(name, state, effective, ctx, lane, scope, this);
          case "Parallel" -> parallel(name, state, effective, ctx, lane, scope);
          case "Map" -> map(name, state, effective, ctx, lane, scope);
          default -> throw new StatesException(StatesException.RUNTIME, "unknown state type " + type);
        };
        Json.checkSize(result, name);
        if (state.has("ResultSelector")) {
          result = Paths.template(state.get("ResultSelector"), result, ctx, StatesException.PARAMETER_PATH_FAILURE);
        }
        JsonNode output = outputPath(state, resultPath(state, raw, result), ctx);
        return new Outcome(state.path("End").asBoolean(false) ? null : state.get("Next").asText(), output);
      } catch (StatesException e) {
        int r = matching(retriers, e.error());
        if (r >= 0) {
          JsonNode retrier = retriers.get(r);
          int max = retrier.path("MaxAttempts").asInt(3);
          if (attempts[r] < max) {
            double interval = retrier.path("IntervalSeconds").asDouble(1);
            double backoff = retrier.path("BackoffRate").asDouble(2.0);
            double delay = interval * Math.pow(backoff, attempts[r]);
            if (retrier.has("MaxDelaySeconds")) {
              delay = Math.min(delay, retrier.get("MaxDelaySeconds").asDouble());
            }
            if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
              delay = ThreadLocalRandom.current().nextDouble() * delay;
            }
            attempts[r]++;
            retryCount++;
            sleepUntil(clock.instant().plusNanos((long) (delay * 1_000_000_000L)), scope);
            execution.countTransition();
            continue;
          }
        }
        JsonNode catchers = state.path("Catch");
        int c = matching(catchers, e.error());
        if (c < 0) {
          throw e;
        }
        JsonNode catcher = catchers.get(c);
        ObjectNode errorOutput = Json.MAPPER.createObjectNode().put("Error", e.error());
        errorOutput.put("Cause", e.cause());
        JsonNode output;
        if (catcher.has("ResultPath") && catcher.get("ResultPath").isNull()) {
          output = raw;
        } else {
          output = Paths.applyResultPath(raw, errorOutput, catcher.path("ResultPath").asText("$"), false);
        }
        return new Outcome(catcher.get("Next").asText(), output);
      }
    }
  }

  /** The index of the first retrier or catcher whose ErrorEquals matches, or -1. */
  static int matching(JsonNode list, String error) {
    for (int i = 0; i < list.size(); i++) {
      for (JsonNode name : list.get(i).path("ErrorEquals")) {
        if (errorMatches(name.asText(), error)) {
          return i;
        }
      }
    }
    return -1;
  }

  static boolean errorMatches(String pattern, String error) {
    if (error.equals(StatesException.RUNTIME)) {
      return false;
    }
    if (pattern.equals(error)) {
      return true;
    }
    if (error.equals(StatesException.DATA_LIMIT_EXCEEDED)) {
      return false;
    }
    if (pattern.equals(StatesException.ALL)) {
      return true;
    }
    return pattern.equals(StatesException.TASK_FAILED) && !error.startsWith("States.");
  }

  // ---- input and output processing

  private static JsonNode inputPath(JsonNode state, JsonNode raw, JsonNode ctx) {
    if (!state.has("InputPath")) {
      return raw;
    }
    if (state.get("InputPath").isNull()) {
      return Json.MAPPER.createObjectNode();
    }
    String path = state.get("InputPath").asText();
    try {
      return Paths.read(raw, ctx, path);
    } catch (Paths.PathException e) {
      throw new StatesException(StatesException.RUNTIME,
          "An error occurred while executing the state. Invalid path '" + path
              + "' : No results for path: " + path + " (InputPath of input " + Json.write(raw) + ")");
    }
  }

  private static JsonNode outputPath(JsonNode state, JsonNode data, JsonNode ctx) {
    if (!state.has("OutputPath")) {
      return data;
    }
    if (state.get("OutputPath").isNull()) {
      return Json.MAPPER.createObjectNode();
    }
    String path = state.get("OutputPath").asText();
    try {
      return Paths.read(data, ctx, path);
    } catch (Paths.PathException e) {
      throw new StatesException(StatesException.RUNTIME,
          "An error occurred while executing the state. Invalid path '" + path
              + "' : No results for path: " + path + " (OutputPath of " + Json.write(data) + ")");
    }
  }

  private static JsonNode resultPath(JsonNode state, JsonNode raw, JsonNode result) {
    if (state.has("ResultPath") && state.get("ResultPath").isNull()) {
      return raw;
    }
    return Paths.applyResultPath(raw, result, state.path("ResultPath").asText("$"), false);
  }

  /** The context object ({@code $$}) for a state. */
  ObjectNode context(String stateName, Instant entered, int retryCount, ObjectNode mapItem) {
    ObjectNode ctx = Json.MAPPER.createObjectNode();
    ObjectNode ex = ctx.putObject("Execution");
    ex.put("Id", execution.arn());
    ex.set("Input", Json.parse(execution.input()));
    ex.put("Name", execution.name());
    ex.put("RoleArn", execution.stateMachine().roleArn());
    ex.put("StartTime", iso(execution.startDate()));
    ex.put("RedriveCount", 0);
    ObjectNode st = ctx.putObject("State");
    st.put("EnteredTime", iso(entered));
    st.put("Name", stateName);
    st.put("RetryCount", retryCount);
    ObjectNode sm = ctx.putObject("StateMachine");
    sm.put("Id", execution.stateMachineArn());
    sm.put("Name", execution.stateMachine().name());
    if (mapItem != null) {
      ctx.putObject("Map").set("Item", mapItem);
    }
    return ctx;
  }

  static String iso(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  // ---- Wait

  private Instant waitUntil(JsonNode state, JsonNode effective, JsonNode ctx) {
    if (state.has("Seconds")) {
      return clock.instant().plusSeconds(state.get("Seconds").asLong());
    }
    if (state.has("Timestamp")) {
      return ChoiceRules.timestamp(state.get("Timestamp"));
    }
    if (state.has("SecondsPath")) {
      String path = state.get("SecondsPath").asText();
      JsonNode v = readOrRuntime(effective, ctx, path, "SecondsPath");
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
        throw new StatesException(StatesException.RUNTIME,
            "The SecondsPath parameter does not reference a valid non-negative integer: " + Json.write(v));
      }
      return clock.instant().plusSeconds(v.asLong());
    }
    String path = state.get("TimestampPath").asText();
    JsonNode v = readOrRuntime(effective, ctx, path, "TimestampPath");
    try {
      return OffsetDateTime.parse(v.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new StatesException(StatesException.RUNTIME,
          "The TimestampPath parameter does not reference a valid ISO-8601 timestamp: " + Json.write(v));
    }
  }

  private static JsonNode readOrRuntime(JsonNode data, JsonNode ctx, String path, String field) {
    try {
      return Paths.read(data, ctx, path);
    } catch (Paths.PathException e) {
      throw new StatesException(StatesException.RUNTIME,
          "Invalid path '" + path + "' for " + field + ": no results in " + Json.write(data));
    }
  }

  /** Sleeps on the local clock until {@code deadline}, noticing stops and the execution timeout. */
  void sleepUntil(Instant deadline, Scope scope) {
    while (true) {
      check(scope);
      Instant now = clock.instant();
      Instant until = deadline;
      if (execution.deadline() != null && execution.deadline().isBefore(until)) {
        until = execution.deadline();
      }
      if (!now.isBefore(until)) {
        if (!now.isBefore(deadline)) {
          return;
        }
        continue;
      }
      Duration slice = Duration.ofNanos((long) (POLL.toNanos() * clock.speed()));
      Instant wake = now.plus(slice).isBefore(until) ? now.plus(slice) : until;
      try {
        clock.sleepUntil(wake);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Scope.Cancelled();
      }
    }
  }

  /**
   * Waits for work running on another thread, noticing stops, the execution timeout and an optional
   * deadline of its own (a task's {@code TimeoutSeconds}), which raises {@code States.Timeout}.
   */
  <T> T await(Future<T> future, Instant timeout, Scope scope) {
    try {
      while (true) {
        try {
          check(scope);
        } catch (Scope.Cancelled e) {
          future.cancel(true);
          throw e;
        }
        Instant now = clock.instant();
        if (timeout != null && !now.isBefore(timeout)) {
          future.cancel(true);
          throw new StatesException(StatesException.TIMEOUT, "");
        }
        long wait = POLL.toMillis();
        if (timeout != null) {
          wait = Math.max(1, Math.min(wait, clock.toReal(Duration.between(now, timeout)).toMillis()));
        }
        try {
          return future.get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // Poll again: the clock may have been sped up or advanced, or the execution stopped.
        }
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new Scope.Cancelled();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new StatesException(StatesException.RUNTIME, String.valueOf(cause));
    }
  }

  ExecutorService threads() {
    return threads;
  }

  Execution execution() {
    return execution;
  }

  LocalClock clock() {
    return clock;
  }

  // ---- Parallel

  private JsonNode parallel(String name, JsonNode state, JsonNode effective, JsonNode ctx,
      Execution.Lane lane, Scope scope) {
    JsonNode input = state.has("Parameters")
        ? Paths.template(state.get("Parameters"), effective, ctx, StatesException.PARAMETER_PATH_FAILURE)
        : effective;
    long startedId = execution.addEvent(lane, clock.instant(), "ParallelStateStarted", null, null);
    JsonNode branches = state.get("Branches");
    Scope branchScope = scope.child();
    StatesException[] failure = new StatesException[1];
    List<Future<JsonNode>> futures = new ArrayList<>();
    for (JsonNode branch : branches) {
      Execution.Lane branchLane = new Execution.Lane(startedId);
      futures.add(threads.submit(() -> {
        try {
          return runMachine(branch, input, branchLane, branchScope);
        } catch (StatesException e) {
          synchronized (failure) {
            if (failure[0] == null) {
              failure[0] = e;
            }
          }
          // A failed branch stops its siblings, as AWS does.
          branchScope.cancel();
          return null;
        } catch (Scope.Cancelled e) {
          return null;
        }
      }));
    }
    ArrayNode results = Json.MAPPER.createArrayNode();
    for (Future<JsonNode> f : futures) {
      results.add(await(f, null, scope));
    }
    check(scope);
    if (failure[0] != null) {
      execution.addEvent(lane, clock.instant(), "ParallelStateFailed", null, null);
      throw failure[0];
    }
    execution.addEvent(lane, clock.instant(), "ParallelStateSucceeded", null, null);
    return results;
  }

  // ---- Map

  private JsonNode map(String name, JsonNode state, JsonNode effective, JsonNode ctx,
      Execution.Lane lane, Scope scope) {
    JsonNode items;
    if (state.has("ItemsPath")) {
      String path = state.get("ItemsPath").asText();
      items = readOrRuntime(effective, ctx, path, "ItemsPath");
    } else {
      items = effective;
    }
    if (!items.isArray()) {
      throw new StatesException(StatesException.RUNTIME,
          "Map state '" + name + "': the ItemsPath must select an array, got " + Json.write(items));
    }
    JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
    JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
    List<JsonNode> inputs = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (selector == null) {
        inputs.add(items.get(i));
      } else {
        ObjectNode item = Json.MAPPER.createObjectNode().put("Index", i);
        item.set("Value", items.get(i));
        JsonNode itemCtx = context(name, clock.instant(), 0, item);
        inputs.add(Paths.template(selector, effective, itemCtx, StatesException.PARAMETER_PATH_FAILURE));
      }
    }
    if (state.has("ItemBatcher")) {
      inputs = batches(state.get("ItemBatcher"), inputs, effective, ctx);
    }
    int total = inputs.size();
    int maxConcurrency = state.path("MaxConcurrency").asInt(0);
    if (state.has("MaxConcurrencyPath")) {
      maxConcurrency = readOrRuntime(effective, ctx, state.get("MaxConcurrencyPath").asText(), "MaxConcurrencyPath").asInt();
    }
    int permits = maxConcurrency <= 0 ? INLINE_MAP_MAX_CONCURRENCY : Math.min(maxConcurrency, INLINE_MAP_MAX_CONCURRENCY);
    boolean tolerant = state.has("ToleratedFailureCount") || state.has("ToleratedFailurePercentage")
        || state.has("ToleratedFailureCountPath") || state.has("ToleratedFailurePercentagePath");
    final double toleratedCount = tolerance(state, "ToleratedFailureCount", effective, ctx, Double.MAX_VALUE);
    final double toleratedPercentage = tolerance(state, "ToleratedFailurePercentage", effective, ctx, 100);

    ObjectNode startedDetails = Json.MAPPER.createObjectNode().put("length", total);
    long startedId = execution.addEvent(lane, clock.instant(), "MapStateStarted", "mapStateStartedEventDetails", startedDetails);
    Scope mapScope = scope.child();
    Semaphore slots = new Semaphore(permits);
    AtomicInteger failures = new AtomicInteger();
    List<Future<JsonNode>> futures = new ArrayList<>();
    JsonNode[] results = new JsonNode[total];
    StatesException[] failure = new StatesException[1];
    for (int i = 0; i < total; i++) {
      final int index = i;
      final JsonNode itemInput = inputs.get(i);
      try {
        while (!slots.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          check(scope);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        mapScope.cancel();
        throw new Scope.Cancelled();
      }
      if (mapScope.isCancelled()) {
        slots.release();
        break;
      }
      futures.add(threads.submit(() -> {
        try {
          Execution.Lane itemLane = new Execution.Lane(startedId);
          ObjectNode iteration = Json.MAPPER.createObjectNode().put("name", name).put("index", index);
          execution.addEvent(itemLane, clock.instant(), "MapIterationStarted", "mapIterationStartedEventDetails", iteration);
          try {
            JsonNode out = runMachine(processor, itemInput, itemLane, mapScope);
            execution.addEvent(itemLane, clock.instant(), "MapIterationSucceeded", "mapIterationSucceededEventDetails", iteration.deepCopy());
            results[index] = out;
          } catch (StatesException e) {
            execution.addEvent(itemLane, clock.instant(), "MapIterationFailed", "mapIterationFailedEventDetails", iteration.deepCopy());
            int failed = failures.incrementAndGet();
            ObjectNode errorOutput = Json.MAPPER.createObjectNode().put("Error", e.error()).put("Cause", e.cause());
            results[index] = errorOutput;
            synchronized (failure) {
              if (failure[0] == null && !withinTolerance(tolerant, failed, total, toleratedCount, toleratedPercentage)) {
                failure[0] = tolerant
                    ? new StatesException(StatesException.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded")
                    : e;
                mapScope.cancel();
              }
            }
          } catch (Scope.Cancelled e) {
            execution.addEvent(itemLane, clock.instant(), "MapIterationAborted", "mapIterationAbortedEventDetails", iteration.deepCopy());
          }
          return null;
        } finally {
          slots.release();
        }
      }));
    }
    for (Future<JsonNode> f : futures) {
      await(f, null, scope);
    }
    check(scope);
    if (failure[0] != null) {
      execution.addEvent(lane, clock.instant(), "MapStateFailed", null, null);
      throw failure[0];
    }
    execution.addEvent(lane, clock.instant(), "MapStateSucceeded", null, null);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode r : results) {
      out.add(r == null ? NullNode.getInstance() : r);
    }
    return out;
  }

  private static boolean withinTolerance(boolean tolerant, int failed, int total, double count, double percentage) {
    if (!tolerant) {
      return false;
    }
    return failed <= count && (total == 0 || failed * 100.0 / total <= percentage);
  }

  private static double tolerance(JsonNode state, String field, JsonNode effective, JsonNode ctx, double fallback) {
    if (state.has(field)) {
      return state.get(field).asDouble();
    }
    if (state.has(field + "Path")) {
      return readOrRuntime(effective, ctx, state.get(field + "Path").asText(), field + "Path").asDouble();
    }
    return fallback;
  }

  private static List<JsonNode> batches(JsonNode batcher, List<JsonNode> items, JsonNode effective, JsonNode ctx) {
    int maxItems = batcher.has("MaxItemsPerBatch") ? batcher.get("MaxItemsPerBatch").asInt()
        : batcher.has("MaxItemsPerBatchPath")
            ? readOrRuntime(effective, ctx, batcher.get("MaxItemsPerBatchPath").asText(), "MaxItemsPerBatchPath").asInt()
            : Integer.MAX_VALUE;
    int maxBytes = batcher.has("MaxInputBytesPerBatch") ? batcher.get("MaxInputBytesPerBatch").asInt() : Json.MAX_PAYLOAD_BYTES;
    JsonNode batchInput = batcher.has("BatchInput")
        ? Paths.template(batcher.get("BatchInput"), effective, ctx, StatesException.PARAMETER_PATH_FAILURE)
        : null;
    List<JsonNode> out = new ArrayList<>();
    ObjectNode batch = null;
    for (JsonNode item : items) {
      if (batch == null || batch.get("Items").size() >= maxItems
          || Json.size(batch) + Json.size(item) > maxBytes) {
        batch = Json.MAPPER.createObjectNode();
        if (batchInput != null) {
          batch.set("BatchInput", batchInput);
        }
        batch.putArray("Items");
        out.add(batch);
      }
      ((ArrayNode) batch.get("Items")).add(item);
    }
    return out;
  }
}
