package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import dev.mirrorflow.local.sfn.LocalStepFunctions;
import dev.mirrorflow.local.sfn.StateMachine;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The console's Step Functions pages, read from the local Step Functions engine: state machines with
 * their executions by status, executions filtered by status and VPC, and one execution with its
 * workflow graph, what happened to each state, its history and the executions it started.
 */
final class ExecutionsView {
  /** At most this many executions are listed, newest first. */
  static final int MAX_LISTED = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalStepFunctions stepFunctions;

  ExecutionsView(LocalStepFunctions stepFunctions) {
    this.stepFunctions = stepFunctions;
  }

  private Instant now() {
    return stepFunctions.clock().instant();
  }

  /** {@code {stateMachines: [{name, arn, type, created, executions: {STATUS: n}, total}]}}. */
  ObjectNode stateMachines() {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("stateMachines");
    for (StateMachine sm : stepFunctions.stateMachines()) {
      Map<String, Integer> counts = new TreeMap<>();
      for (ExecutionStatus s : ExecutionStatus.values()) {
        counts.put(s.name(), 0);
      }
      List<Execution> executions = stepFunctions.executions(sm.arn());
      executions.forEach(e -> counts.merge(e.status().name(), 1, Integer::sum));
      ObjectNode j = list.addObject().put("name", sm.name()).put("arn", sm.arn()).put("type", sm.type().name())
          .put("created", sm.creationDate().toString()).put("total", executions.size());
      j.set("executions", JSON.valueToTree(counts));
    }
    return out;
  }

  /**
   * {@code {executions: [summary...], total}}, newest first.
   *
   * @param status only this status (e.g. RUNNING), or null for all
   * @param vpcId only executions whose input names this VPC, or null
   * @param stateMachine only this state machine (name or ARN), or null
   * @throws IllegalArgumentException for a status that does not exist
   */
  ObjectNode executions(String status, String vpcId, String stateMachine) {
    ExecutionStatus wanted = null;
    if (status != null && !status.isBlank()) {
      try {
        wanted = ExecutionStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("status must be one of " + List.of(ExecutionStatus.values()) + ", got " + status);
      }
    }
    List<Execution> all = new ArrayList<>(stepFunctions.executions());
    all.sort(Comparator.comparing(Execution::startDate).reversed());
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("executions");
    int total = 0;
    for (Execution e : all) {
      if ((wanted == null || e.status() == wanted)
          && (vpcId == null || vpcId.isBlank() || vpcId.equals(vpcOf(e)))
          && (stateMachine == null || stateMachine.isBlank() || stateMachine.equals(e.stateMachine().name())
              || stateMachine.equals(e.stateMachineArn()))) {
        total++;
        if (list.size() < MAX_LISTED) {
          list.add(summary(e, now()));
        }
      }
    }
    out.put("total", total);
    return out;
  }

  /**
   * One execution: {@code {execution: summary + input/output/error/cause, graph, states, history,
   * children: [summary], parent: summary?}}.
   *
   * @throws IllegalArgumentException when no execution has {@code arn}
   */
  ObjectNode execution(String arn) {
    Execution e = stepFunctions.execution(arn == null ? "" : arn)
        .orElseThrow(() -> new IllegalArgumentException("no execution " + arn));
    ExecutionStatus status = e.status();
    List<JsonNode> history = e.history();
    ObjectNode out = JSON.createObjectNode();
    ObjectNode ex = summary(e, now());
    ex.put("input", e.input());
    e.output().ifPresent(o -> ex.put("output", o));
    e.error().ifPresent(v -> ex.put("error", v));
    e.cause().ifPresent(v -> ex.put("cause", v));
    ex.put("stateTransitions", e.stateTransitions());
    out.set("execution", ex);
    out.set("graph", WorkflowLayout.layout(parse(e.stateMachine().definition())));
    StateRuns runs = StateRuns.read(history, status == ExecutionStatus.RUNNING);
    out.set("states", runs.toJson());
    ArrayNode h = out.putArray("history");
    history.forEach(h::add);
    ArrayNode children = out.putArray("children");
    for (String child : runs.children()) {
      stepFunctions.execution(child).ifPresentOrElse(c -> children.add(summary(c, now())),
          () -> children.addObject().put("arn", child));
    }
    parentOf(e).ifPresent(p -> out.set("parent", summary(p, now())));
    return out;
  }

  /** The execution whose task started {@code child}: it names the child in its history. */
  private Optional<Execution> parentOf(Execution child) {
    for (Execution e : stepFunctions.executions()) {
      // Only an execution running when the child started can have started it.
      if (e != child && !e.startDate().isAfter(child.startDate())
          && e.stopDate().map(stop -> !stop.isBefore(child.startDate())).orElse(true)) {
        for (JsonNode event : e.history()) {
          String type = event.path("type").asText();
          if ((type.equals("TaskSubmitted") || type.equals("TaskSucceeded"))
              && event.toString().contains(child.arn())) {
            return Optional.of(e);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** {@code {name, arn, stateMachine, type, status, start, stop?, durationMillis, vpcId?}}. */
  static ObjectNode summary(Execution e, Instant now) {
    ObjectNode j = JSON.createObjectNode().put("name", e.name()).put("arn", e.arn())
        .put("stateMachine", e.stateMachine().name()).put("type", e.stateMachine().type().name())
        .put("status", e.status().name()).put("start", e.startDate().toString());
    Instant end = e.stopDate().orElse(null);
    if (end != null) {
      j.put("stop", end.toString());
      j.put("durationMillis", end.toEpochMilli() - e.startDate().toEpochMilli());
    } else {
      j.put("durationMillis", Math.max(0, now.toEpochMilli() - e.startDate().toEpochMilli()));
    }
    String vpc = vpcOf(e);
    if (vpc != null) {
      j.put("vpcId", vpc);
    }
    return j;
  }

  /** The VPC an execution is about: {@code vpcId} of its input, or of the input's {@code detail}. */
  static String vpcOf(Execution e) {
    try {
      JsonNode input = JSON.readTree(e.input());
      JsonNode vpc = input.path("vpcId");
      if (!vpc.isTextual()) {
        vpc = input.path("detail").path("vpcId");
      }
      return vpc.isTextual() ? vpc.asText() : null;
    } catch (IOException | RuntimeException ex) {
      return null;
    }
  }

  private static JsonNode parse(String definition) {
    try {
      return JSON.readTree(definition);
    } catch (IOException e) {
      throw new IllegalStateException("a deployed definition is not JSON: " + e.getMessage(), e);
    }
  }
}
