package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution of a state machine: its status, input and output, its history events, and the
 * number of state transitions it has made (each state entered and each retry counts, as Standard
 * workflows are billed).
 */
public final class Execution {
  private final String arn;
  private final String name;
  private final StateMachine stateMachine;
  private final JsonNode definition;
  private final String input;
  private final Instant startDate;
  private final Instant deadline;
  private final AtomicLong transitions = new AtomicLong();
  private final List<ObjectNode> events = new ArrayList<>();
  private final CompletableFuture<Execution> completion = new CompletableFuture<>();
  private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
  private volatile String output;
  private volatile String error;
  private volatile String cause;
  private volatile Instant stopDate;
  final Scope scope;

  Execution(String arn, String name, StateMachine stateMachine, JsonNode definition, String input,
      Instant startDate, Instant deadline) {
    this.arn = arn;
    this.name = name;
    this.stateMachine = stateMachine;
    this.definition = definition;
    this.input = input;
    this.startDate = startDate;
    this.deadline = deadline;
    this.scope = Scope.root(this);
  }

  public String arn() {
    return arn;
  }

  public String name() {
    return name;
  }

  public String stateMachineArn() {
    return stateMachine.arn();
  }

  public StateMachine stateMachine() {
    return stateMachine;
  }

  JsonNode definition() {
    return definition;
  }

  /** The input, as the JSON text it was started with. */
  public String input() {
    return input;
  }

  public Instant startDate() {
    return startDate;
  }

  /** When the execution's {@code TimeoutSeconds} runs out, or null. */
  Instant deadline() {
    return deadline;
  }

  public ExecutionStatus status() {
    return status;
  }

  /** The output JSON text, once it succeeded. */
  public Optional<String> output() {
    return Optional.ofNullable(output);
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public Optional<String> cause() {
    return Optional.ofNullable(cause);
  }

  public Optional<Instant> stopDate() {
    return Optional.ofNullable(stopDate);
  }

  /** State transitions so far: every state entered, and every retry of a state. */
  public long stateTransitions() {
    return transitions.get();
  }

  void countTransition() {
    transitions.incrementAndGet();
  }

  /** The history events so far, oldest first, as the API's {@code HistoryEvent} JSON. */
  public List<JsonNode> history() {
    synchronized (events) {
      return events.stream().map(e -> (JsonNode) e.deepCopy()).toList();
    }
  }

  /** Completes when the execution stops, whatever its outcome. */
  public CompletableFuture<Execution> completion() {
    return completion;
  }

  /** Blocks until the execution stops or {@code timeout} (real time) passes. */
  public Execution await(Duration timeout) {
    try {
      return completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + arn, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("execution " + arn + " still " + status + " after " + timeout, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Appends an event after {@code lane}'s last one and makes it the lane's last. */
  long addEvent(Lane lane, Instant timestamp, String type, String detailsField, JsonNode details) {
    synchronized (events) {
      long id = events.size() + 1;
      ObjectNode e = Json.MAPPER.createObjectNode();
      e.put("timestamp", Json.epochSeconds(timestamp));
      e.put("type", type);
      e.put("id", id);
      e.put("previousEventId", lane.last);
      if (detailsField != null && details != null) {
        e.set(detailsField, details);
      }
      events.add(e);
      lane.last = id;
      return id;
    }
  }

  /** Sets the final status once; later calls (a stop racing the end) are ignored. */
  boolean finish(ExecutionStatus finalStatus, String out, String err, String why, Instant when) {
    synchronized (this) {
      if (status != ExecutionStatus.RUNNING) {
        return false;
      }
      this.output = out;
      this.error = err;
      this.cause = why;
      this.stopDate = when;
      this.status = finalStatus;
    }
    return true;
  }

  void complete() {
    completion.complete(this);
  }

  /** A sequence of events within an execution: the top level, one Parallel branch, one Map iteration. */
  static final class Lane {
    volatile long last;

    Lane(long last) {
      this.last = last;
    }
  }
}
