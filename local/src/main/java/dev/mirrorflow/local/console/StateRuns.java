package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to each state of an execution, read from its history events as the Step Functions
 * console reads them: every time a state was entered is one run, with its input, output, errors and
 * retries, and one status. A state's status is that of its most telling run (a Map's inner state
 * runs once per item): running, then failed, caught, retried, succeeded; a state never entered was
 * not reached.
 *
 * <p>Events are chained by {@code previousEventId}: each Map iteration and Parallel branch has its
 * own chain, which tells which run an event belongs to when several run at once.
 */
public final class StateRuns {
  /** Status of a state or run. */
  public enum Status {
    RUNNING("running"),
    FAILED("failed"),
    CAUGHT("caught"),
    RETRIED("retried"),
    SUCCEEDED("succeeded"),
    NOT_REACHED("notReached");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<Run>> byState = new LinkedHashMap<>();

  /** One entry into a state. */
  private static final class Run {
    final String path;
    final String type;
    final long enteredEventId;
    final double entered;
    final Run parent;
    String input;
    String output;
    double exited = -1;
    boolean done;
    boolean caught;
    boolean laneEnded;
    boolean lastAttemptFailed;
    final List<ObjectNode> errors = new ArrayList<>();
    int attempts;
    final List<String> children = new ArrayList<>();

    Run(String path, String type, long enteredEventId, double entered, Run parent) {
      this.path = path;
      this.type = type;
      this.enteredEventId = enteredEventId;
      this.entered = entered;
      this.parent = parent;
    }

    Status status(boolean executionRunning) {
      // Left after a failed attempt (the local interpreter records the exit too): a Catch took it.
      if (caught || (done && lastAttemptFailed)) {
        return Status.CAUGHT;
      }
      if (done) {
        return errors.isEmpty() ? Status.SUCCEEDED : Status.RETRIED;
      }
      if (executionRunning && !laneEnded) {
        return Status.RUNNING;
      }
      return Status.FAILED;
    }
  }

  /** Where an event leaves its chain: the run it is in (or null), and the Map or Parallel run around it. */
  private record Lane(Run current, Run parent) {}

  private final boolean running;

  private StateRuns(boolean running) {
    this.running = running;
  }

  /**
   * Reads {@code history} (the API's {@code HistoryEvent} JSON, oldest first).
   *
   * @param running whether the execution still runs: a run not ended is running, else it failed
   */
  public static StateRuns read(List<JsonNode> history, boolean running) {
    StateRuns runs = new StateRuns(running);
    Map<Long, Lane> lanes = new HashMap<>();
    lanes.put(0L, new Lane(null, null));
    for (JsonNode e : history) {
      long id = e.path("id").asLong();
      Lane before = lanes.getOrDefault(e.path("previousEventId").asLong(), new Lane(null, null));
      String type = e.path("type").asText();
      double time = e.path("timestamp").asDouble();
      Run current = before.current();
      Lane after = before;
      if (type.endsWith("StateEntered")) {
        if (current != null && !current.done) {
          // The next state entered without the last one exiting: a Catch took the error there.
          current.caught = true;
        }
        JsonNode d = e.path("stateEnteredEventDetails");
        Run parent = before.parent();
        String path = (parent == null ? "" : parent.path + "/") + d.path("name").asText();
        Run run = new Run(path, type.substring(0, type.length() - "StateEntered".length()), id, time, parent);
        run.input = d.path("input").asText(null);
        runs.byState.computeIfAbsent(path, k -> new ArrayList<>()).add(run);
        after = new Lane(run, parent);
      } else if (type.equals("MapStateSucceeded") || type.equals("MapStateFailed")
          || type.equals("ParallelStateSucceeded") || type.equals("ParallelStateFailed")) {
        // Chained from the Map's (or Parallel's) start event, whose chain's parent is the run.
        Run outer = before.parent();
        if (outer != null) {
          if (type.endsWith("Failed")) {
            outer.errors.add(error(type, time, JSON.createObjectNode()));
            outer.lastAttemptFailed = true;
          }
          after = new Lane(outer, outer.parent);
        }
      } else if (current == null) {
        // Between states: an iteration's or a branch's start; nothing to record.
      } else if (type.endsWith("StateExited")) {
        current.done = true;
        current.exited = time;
        current.output = e.path("stateExitedEventDetails").path("output").asText(null);
      } else if (type.endsWith("Scheduled")) {
        current.attempts++;
        current.lastAttemptFailed = false;
      } else if (type.equals("MapStateStarted") || type.equals("ParallelStateStarted")) {
        current.attempts++;
        current.lastAttemptFailed = false;
        // Iterations and branches chain from this event: their states are inside this run.
        after = new Lane(null, current);
      } else if (type.endsWith("Failed") || type.endsWith("TimedOut")) {
        if (type.startsWith("MapIteration") || type.startsWith("Execution")) {
          current.laneEnded = true;
        } else {
          current.errors.add(error(type, time, detailsOf(e)));
          current.lastAttemptFailed = true;
        }
      } else if (type.startsWith("MapIteration") && type.endsWith("Aborted")
          || type.startsWith("Execution") && !type.equals("ExecutionStarted")) {
        current.laneEnded = true;
      } else if (type.equals("TaskSucceeded") || type.equals("TaskSubmitted")) {
        childOf(current, detailsOf(e).path("output").asText(""));
      }
      lanes.put(id, after);
    }
    return runs;
  }

  private static ObjectNode error(String event, double time, JsonNode details) {
    ObjectNode error = JSON.createObjectNode().put("event", event).put("timestamp", time);
    error.put("error", details.path("error").asText(""));
    if (details.hasNonNull("cause")) {
      error.put("cause", details.get("cause").asText());
    }
    return error;
  }

  /** A {@code states:startExecution} task's output names the execution it started. */
  private static void childOf(Run run, String output) {
    try {
      JsonNode out = JSON.readTree(output);
      if (out != null && out.path("ExecutionArn").isTextual() && !run.children.contains(out.get("ExecutionArn").asText())) {
        run.children.add(out.get("ExecutionArn").asText());
      }
    } catch (java.io.IOException notJson) {
      // Not JSON: no execution in it.
    }
  }

  private static JsonNode detailsOf(JsonNode event) {
    var it = event.fields();
    while (it.hasNext()) {
      var f = it.next();
      if (f.getKey().endsWith("EventDetails")) {
        return f.getValue();
      }
    }
    return JSON.createObjectNode();
  }

  /** The status of the state at {@code path}. */
  public Status status(String path) {
    List<Run> runs = byState.get(path);
    if (runs == null || runs.isEmpty()) {
      return Status.NOT_REACHED;
    }
    Status worst = Status.NOT_REACHED;
    for (Run r : runs) {
      Status s = r.status(running);
      if (s.ordinal() < worst.ordinal()) {
        worst = s;
      }
    }
    return worst;
  }

  /** The execution ARNs started by the runs of every state, in order. */
  public List<String> children() {
    List<String> out = new ArrayList<>();
    byState.values().forEach(rs -> rs.forEach(r -> r.children.stream().filter(c -> !out.contains(c)).forEach(out::add)));
    return out;
  }

  /**
   * Per state path: {@code {status, counts: {status: n}, runs: [{enteredEventId, entered, exited,
   * status, input, output, errors: [{event, error, cause}], retries, children}]}}.
   */
  public ObjectNode toJson() {
    ObjectNode out = JSON.createObjectNode();
    byState.forEach((path, runs) -> {
      ObjectNode s = out.putObject(path);
      s.put("status", status(path).code());
      ObjectNode counts = s.putObject("counts");
      ArrayNode list = s.putArray("runs");
      for (Run r : runs) {
        Status st = r.status(running);
        counts.put(st.code(), counts.path(st.code()).asInt() + 1);
        ObjectNode j = list.addObject();
        j.put("type", r.type);
        j.put("enteredEventId", r.enteredEventId);
        j.put("entered", r.entered);
        if (r.exited >= 0) {
          j.put("exited", r.exited);
        }
        j.put("status", st.code());
        j.put("input", r.input);
        j.put("output", r.output);
        j.put("retries", Math.max(0, r.attempts - 1));
        ArrayNode errors = j.putArray("errors");
        r.errors.forEach(errors::add);
        ArrayNode children = j.putArray("children");
        r.children.forEach(children::add);
      }
    });
    return out;
  }
}
