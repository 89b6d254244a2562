package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.lambda.LocalLambda;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local cloud's Step Functions engine: state machines, and executions that run their Amazon
 * States Language on a thread pool, timed by the shared {@link LocalClock}. Task states run Lambda
 * functions of a {@link LocalLambda} in-process, nested executions of this engine, and
 * {@code aws-sdk:} calls through the local server's {@link AwsDispatcher}.
 *
 * <p>{@link StepFunctionsService} puts the AWS JSON API in front of it; Java callers (tests,
 * benchmarks, the deployer) may use it directly.
 */
public final class LocalStepFunctions implements AutoCloseable {
  /** An Express workflow runs at most five minutes. */
  static final Duration EXPRESS_MAX_DURATION = Duration.ofMinutes(5);

  private final LocalClock clock;
  private final String region;
  private final String accountId;
  private final Tasks tasks;
  private final ExecutorService threads;
  private final Object lock = new Object();
  private final Map<String, Entry> stateMachines = new LinkedHashMap<>();
  private final Map<String, Execution> executions = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<JsonNode>> taskTokens = new ConcurrentHashMap<>();

  private record Entry(StateMachine stateMachine, JsonNode definition) {}

  /**
   * @param clock the local clock for waits, retries and timeouts
   * @param lambda the local Lambda that runs Task states' functions
   * @param dispatcher the local server, for {@code aws-sdk:} integrations
   * @param region e.g. {@code us-east-1}
   * @param accountId e.g. {@code 000000000000}
   */
  public LocalStepFunctions(LocalClock clock, LocalLambda lambda, AwsDispatcher dispatcher, String region, String accountId) {
    this.clock = clock;
    this.region = region;
    this.accountId = accountId;
    this.tasks = new Tasks(this, lambda, new AwsSdkIntegration(dispatcher, region), region);
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "local-sfn-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public LocalClock clock() {
    return clock;
  }

  /** {@code arn:aws:states:REGION:ACCOUNT:stateMachine:NAME}: deterministic, so it can be known before creation. */
  public String stateMachineArn(String name) {
    return "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + name;
  }

  // ---- state machines

  /**
   * Creates a state machine after validating its definition; creating the same one again returns
   * it unchanged, as AWS does.
   *
   * @throws StepFunctionsException {@code InvalidDefinition}, {@code InvalidName},
   *     {@code StateMachineAlreadyExists}
   */
  public StateMachine createStateMachine(String name, String definition, String roleArn, StateMachineType type,
      Map<String, String> newTags) {
    validateName(name);
    JsonNode parsed = parseDefinition(definition);
    String role = roleArn == null || roleArn.isBlank() ? "arn:aws:iam::" + accountId + ":role/mirrorflow-local" : roleArn;
    StateMachineType t = type == null ? StateMachineType.STANDARD : type;
    String arn = stateMachineArn(name);
    synchronized (lock) {
      Entry existing = stateMachines.get(arn);
      if (existing != null) {
        StateMachine sm = existing.stateMachine();
        if (sm.definition().equals(definition) && sm.roleArn().equals(role) && sm.type() == t) {
          return sm;
        }
        throw new StepFunctionsException("StateMachineAlreadyExists",
            "State Machine Already Exists: '" + arn + "'");
      }
      StateMachine sm = new StateMachine(arn, name, definition, role, t, clock.instant(), null);
      stateMachines.put(arn, new Entry(sm, parsed));
      tags.put(arn, new LinkedHashMap<>(newTags == null ? Map.of() : newTags));
      return sm;
    }
  }

  /** Replaces a state machine's definition and/or role; running executions keep the old definition. */
  public StateMachine updateStateMachine(String arn, String definition, String roleArn) {
    JsonNode parsed = definition == null ? null : parseDefinition(definition);
    synchronized (lock) {
      Entry e = entry(arn);
      StateMachine old = e.stateMachine();
      StateMachine sm = new StateMachine(arn, old.name(), definition == null ? old.definition() : definition,
          roleArn == null ? old.roleArn() : roleArn, old.type(), old.creationDate(), clock.instant());
      stateMachines.put(arn, new Entry(sm, parsed == null ? e.definition() : parsed));
      return sm;
    }
  }

  public Optional<StateMachine> stateMachine(String arn) {
    synchronized (lock) {
      Entry e = stateMachines.get(arn);
      return e == null ? Optional.empty() : Optional.of(e.stateMachine());
    }
  }

  /** @throws StepFunctionsException {@code StateMachineDoesNotExist} */
  public StateMachine describeStateMachine(String arn) {
    synchronized (lock) {
      return entry(arn).stateMachine();
    }
  }

  public List<StateMachine> stateMachines() {
    synchronized (lock) {
      return stateMachines.values().stream().map(Entry::stateMachine).toList();
    }
  }

  public void deleteStateMachine(String arn) {
    validateArn(arn, ":stateMachine:");
    synchronized (lock) {
      stateMachines.remove(arn);
      tags.remove(arn);
    }
  }

  // ---- executions

  /**
   * Starts an execution. Starting again with the same name and input while it runs returns the same
   * execution; a different input, or a name already used by a stopped execution, is
   * {@code ExecutionAlreadyExists}.
   *
   * @param name the execution name, or null for a random one
   * @param input the input JSON text, or null for {@code {}}
   */
  public Execution startExecution(String stateMachineArn, String name, String input) {
    String in = input == null ? "{}" : input;
    JsonNode parsedInput;
    try {
      parsedInput = Json.parse(in);
    } catch (IllegalArgumentException e) {
      throw new StepFunctionsException("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + e.getMessage() + "'");
    }
    if (in.getBytes(StandardCharsets.UTF_8).length > Json.MAX_PAYLOAD_BYTES) {
      throw new StepFunctionsException("InvalidExecutionInput",
          "The execution input exceeds the maximum size of " + Json.MAX_PAYLOAD_BYTES + " bytes");
    }
    String executionName = name == null || name.isBlank() ? UUID.randomUUID().toString() : name;
    validateName(executionName);
    Execution execution;
    synchronized (lock) {
      Entry e = entry(stateMachineArn);
      StateMachine sm = e.stateMachine();
      String arn = sm.type() == StateMachineType.EXPRESS
          ? "arn:aws:states:" + region + ":" + accountId + ":express:" + sm.name() + ":" + executionName + ":" + UUID.randomUUID()
          : "arn:aws:states:" + region + ":" + accountId + ":execution:" + sm.name() + ":" + executionName;
      Execution existing = executions.get(arn);
      if (existing != null) {
        if (existing.status() == ExecutionStatus.RUNNING && Json.parse(existing.input()).equals(parsedInput)) {
          return existing;
        }
        throw new StepFunctionsException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
      }
      Instant start = clock.instant();
      Instant deadline = null;
      if (e.definition().has("TimeoutSeconds")) {
        deadline = start.plusSeconds(e.definition().get("TimeoutSeconds").asLong());
      }
      if (sm.type() == StateMachineType.EXPRESS) {
        Instant max = start.plus(EXPRESS_MAX_DURATION);
        deadline = deadline == null || deadline.isAfter(max) ? max : deadline;
      }
      execution = new Execution(arn, executionName, sm, e.definition(), in, start, deadline);
      executions.put(arn, execution);
    }
    Interpreter interpreter = new Interpreter(this, execution, clock, threads, tasks);
    threads.submit(interpreter::run);
    return execution;
  }

  /**
   * Runs an Express execution to its end and returns it.
   *
   * @throws StepFunctionsException {@code StateMachineTypeNotSupported} for a Standard state machine
   */
  public Execution startSyncExecution(String stateMachineArn, String name, String input) {
    StateMachine sm = describeStateMachine(stateMachineArn);
    if (sm.type() != StateMachineType.EXPRESS) {
      throw new StepFunctionsException("StateMachineTypeNotSupported",
          "This operation is not supported by this type of state machine: StartSyncExecution runs EXPRESS state machines only");
    }
    Execution execution = startExecution(stateMachineArn, name, input);
    execution.completion().join();
    return execution;
  }

  public Optional<Execution> execution(String arn) {
    synchronized (lock) {
      return Optional.ofNullable(executions.get(arn));
    }
  }

  /** @throws StepFunctionsException {@code ExecutionDoesNotExist} */
  public Execution describeExecution(String arn) {
    validateArn(arn, ":execution:", ":express:");
    synchronized (lock) {
      Execution e = executions.get(arn);
      if (e == null) {
        throw new StepFunctionsException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
      }
      return e;
    }
  }

  /** The executions of a state machine, newest first. */
  public List<Execution> executions(String stateMachineArn) {
    synchronized (lock) {
      List<Execution> out = new ArrayList<>();
      for (Execution e : executions.values()) {
        if (e.stateMachineArn().equals(stateMachineArn)) {
          out.add(0, e);
        }
      }
      return out;
    }
  }

  /** Every execution of every state machine, oldest first. */
  public List<Execution> executions() {
    synchronized (lock) {
      return List.copyOf(executions.values());
    }
  }

  /** State transitions of all executions so far (what Standard workflows are billed for). */
  public long stateTransitions() {
    synchronized (lock) {
      return executions.values().stream().mapToLong(Execution::stateTransitions).sum();
    }
  }

  /** Stops a running execution ({@code ABORTED}); stopping a stopped one changes nothing. */
  public Execution stopExecution(String arn, String error, String cause) {
    Execution e = describeExecution(arn);
    if (e.finish(ExecutionStatus.ABORTED, null, error, cause, clock.instant())) {
      e.scope.cancel();
    }
    return e;
  }

  void stopQuietly(Execution e, String error, String cause) {
    if (e.finish(ExecutionStatus.ABORTED, null, error, cause, clock.instant())) {
      e.scope.cancel();
    }
  }

  void timeOut(Execution e) {
    Instant deadline = e.deadline();
    long seconds = Duration.between(e.startDate(), deadline).toSeconds();
    if (e.finish(ExecutionStatus.TIMED_OUT, null, StatesException.TIMEOUT,
        "The execution timed out after " + seconds + " seconds", deadline)) {
      e.scope.cancel();
    }
  }

  /** Records the event that ends a stopped or timed-out execution. */
  void recordStop(Execution e, Execution.Lane lane) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    e.error().ifPresent(v -> d.put("error", v));
    e.cause().ifPresent(v -> d.put("cause", v));
    if (e.status() == ExecutionStatus.TIMED_OUT) {
      e.addEvent(lane, clock.instant(), "ExecutionTimedOut", "executionTimedOutEventDetails", d);
    } else if (e.status() == ExecutionStatus.ABORTED) {
      e.addEvent(lane, clock.instant(), "ExecutionAborted", "executionAbortedEventDetails", d);
    }
  }

  // ---- task tokens (.waitForTaskToken)

  String newTaskToken() {
    String token = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    taskTokens.put(token, new CompletableFuture<>());
    return token;
  }

  CompletableFuture<JsonNode> taskTokenFuture(String token) {
    return taskTokens.get(token);
  }

  void forgetTaskToken(String token) {
    taskTokens.remove(token);
  }

  /** Completes the task waiting on {@code token} with {@code output} (JSON text). */
  public void sendTaskSuccess(String token, String output) {
    JsonNode parsed;
    try {
      parsed = Json.parse(output == null ? "null" : output);
    } catch (IllegalArgumentException e) {
      throw new StepFunctionsException("InvalidOutput", "Invalid Output: '" + e.getMessage() + "'");
    }
    task(token).complete(parsed);
  }

  /** Fails the task waiting on {@code token} with an error its Retry and Catch can match. */
  public void sendTaskFailure(String token, String error, String cause) {
    task(token).completeExceptionally(new StatesException(error == null ? "" : error, cause));
  }

  /** Confirms that the task waiting on {@code token} still runs (heartbeats are not timed locally). */
  public void sendTaskHeartbeat(String token) {
    task(token);
  }

  private CompletableFuture<JsonNode> task(String token) {
    if (token == null || token.isEmpty()) {
      throw new StepFunctionsException("InvalidToken", "Invalid Token: a task token is required");
    }
    CompletableFuture<JsonNode> f = taskTokens.get(token);
    if (f == null || f.isDone()) {
      throw new StepFunctionsException("TaskDoesNotExist", "Task Does Not Exist: '" + token + "'");
    }
    return f;
  }

  // ---- tags

  public void tagResource(String arn, Map<String, String> newTags) {
    synchronized (lock) {
      tagsOf(arn).putAll(newTags);
    }
  }

  public void untagResource(String arn, List<String> keys) {
    synchronized (lock) {
      keys.forEach(tagsOf(arn)::remove);
    }
  }

  public Map<String, String> tags(String arn) {
    synchronized (lock) {
      return Map.copyOf(tagsOf(arn));
    }
  }

  private Map<String, String> tagsOf(String arn) {
    Map<String, String> t = tags.get(arn);
    if (t == null) {
      throw new StepFunctionsException("ResourceNotFound", "Resource not found: '" + arn + "'");
    }
    return t;
  }

  // ---- helpers

  private Entry entry(String arn) {
    validateArn(arn, ":stateMachine:");
    Entry e = stateMachines.get(arn);
    if (e == null) {
      throw new StepFunctionsException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }
    return e;
  }

  private static JsonNode parseDefinition(String definition) {
    if (definition == null) {
      throw new StepFunctionsException("InvalidDefinition", "Invalid State Machine Definition: 'a definition is required'");
    }
    try {
      return DefinitionValidator.validate(definition);
    } catch (InvalidDefinitionException e) {
      throw new StepFunctionsException("InvalidDefinition", e.getMessage());
    }
  }

  private static void validateArn(String arn, String... kinds) {
    if (arn == null || !arn.startsWith("arn:aws")) {
      throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
    }
    for (String k : kinds) {
      if (arn.contains(k)) {
        return;
      }
    }
    throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
  }

  static void validateName(String name) {
    if (name == null || name.isEmpty() || name.length() > 80) {
      throw new StepFunctionsException("InvalidName", "Invalid Name: '" + name + "' (1 to 80 characters)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0) {
        throw new StepFunctionsException("InvalidName",
            "Invalid Name: '" + name + "' (no whitespace, brackets, wildcards or special characters)");
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      executions.values().forEach(e -> stopQuietly(e, "States.Aborted", "the local cloud shut down"));
    }
    threads.shutdownNow();
  }
}
