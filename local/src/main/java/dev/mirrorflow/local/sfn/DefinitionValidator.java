package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks a definition against the States Language before it is accepted, reporting every problem
 * with its location, in the style of Step Functions' {@code InvalidDefinition} messages.
 */
final class DefinitionValidator {
  private static final Set<String> TYPES =
      Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

  private final List<String> problems = new ArrayList<>();

  private DefinitionValidator() {}

  /** Parses and validates a definition; returns the parsed JSON. */
  static JsonNode validate(String definition) {
    JsonNode root;
    try {
      root = Json.parse(definition);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(
          "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: " + e.getMessage() + "'");
    }
    DefinitionValidator v = new DefinitionValidator();
    if (!root.isObject()) {
      v.problems.add("SCHEMA_VALIDATION_FAILED: the definition must be a JSON object at /");
    } else {
      v.machine(root, "");
    }
    if (!v.problems.isEmpty()) {
      throw new InvalidDefinitionException(
          "Invalid State Machine Definition: '" + String.join(", ", v.problems) + "'");
    }
    return root;
  }

  private void machine(JsonNode m, String at) {
    if ("JSONata".equals(m.path("QueryLanguage").asText())) {
      problems.add("SCHEMA_VALIDATION_FAILED: the local Step Functions runs JSONPath definitions only, not"
          + " QueryLanguage JSONata at " + at + "/QueryLanguage");
    }
    JsonNode states = m.get("States");
    JsonNode startAt = m.get("StartAt");
    if (states == null || !states.isObject() || states.isEmpty()) {
      problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [States] at " + at + "/");
      return;
    }
    if (startAt == null || !startAt.isTextual()) {
      problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at " + at + "/");
    } else if (!states.has(startAt.asText())) {
      problems.add("MISSING_TRANSITION_TARGET: Missing 'Next' target: " + startAt.asText() + " at " + at + "/StartAt");
    }
    Iterator<String> names = states.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.length() > 80) {
        problems.add("SCHEMA_VALIDATION_FAILED: State name is longer than 80 characters at " + at + "/States/" + name);
      }
      state(name, states.get(name), states, at + "/States/" + name);
    }
    if (startAt != null && states.has(startAt.asText())) {
      Set<String> reached = reachable(startAt.asText(), states);
      names = states.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!reached.contains(name)) {
          problems.add("MISSING_TRANSITION_TARGET: State \"" + name + "\" is not reachable. at " + at + "/States/" + name);
        }
      }
    }
  }

  private static Set<String> reachable(String start, JsonNode states) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name) || !states.has(name)) {
        continue;
      }
      JsonNode s = states.get(name);
      for (String t : targets(s)) {
        todo.push(t);
      }
    }
    return seen;
  }

  private static List<String> targets(JsonNode s) {
    List<String> out = new ArrayList<>();
    if (s.path("Next").isTextual()) {
      out.add(s.get("Next").asText());
    }
    if (s.path("Default").isTextual()) {
      out.add(s.get("Default").asText());
    }
    for (JsonNode c : s.path("Choices")) {
      if (c.path("Next").isTextual()) {
        out.add(c.get("Next").asText());
      }
    }
    for (JsonNode c : s.path("Catch")) {
      if (c.path("Next").isTextual()) {
        out.add(c.get("Next").asText());
      }
    }
    return out;
  }

  private void state(String name, JsonNode s, JsonNode states, String at) {
    if (!s.isObject()) {
      problems.add("SCHEMA_VALIDATION_FAILED: a state must be an object at " + at);
      return;
    }
    if ("JSONata".equals(s.path("QueryLanguage").asText())) {
      problems.add("SCHEMA_VALIDATION_FAILED: the local Step Functions runs JSONPath only, not QueryLanguage JSONata at "
          + at + "/QueryLanguage");
    }
    if (s.has("Assign")) {
      problems.add("SCHEMA_VALIDATION_FAILED: the local Step Functions does not support workflow variables (Assign) at "
          + at + "/Assign");
    }
    String type = s.path("Type").asText(null);
    if (type == null || !TYPES.contains(type)) {
      problems.add("SCHEMA_VALIDATION_FAILED: Value is not a valid state type: " + type + " at " + at + "/Type");
      return;
    }
    boolean terminalType = type.equals("Succeed") || type.equals("Fail") || type.equals("Choice");
    boolean end = s.path("End").asBoolean(false);
    if (!terminalType) {
      if (s.has("Next") && end) {
        problems.add("SCHEMA_VALIDATION_FAILED: Only one of Next or End may be set at " + at);
      } else if (!s.has("Next") && !end) {
        problems.add("SCHEMA_VALIDATION_FAILED: Exactly one of Next or End is required at " + at);
      }
    } else if (s.has("Next") || s.has("End")) {
      problems.add("SCHEMA_VALIDATION_FAILED: A " + type + " state may not have Next or End at " + at);
    }
    target(s.get("Next"), states, at + "/Next");
    paths(s, at, "InputPath", "OutputPath", "ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath",
        "HeartbeatSecondsPath", "ErrorPath", "CausePath");
    if (s.has("ResultPath") && !s.get("ResultPath").isNull()) {
      try {
        Paths.referencePath(s.get("ResultPath").asText());
      } catch (Paths.PathException e) {
        problems.add("SCHEMA_VALIDATION_FAILED: " + e.getMessage() + " at " + at + "/ResultPath");
      }
    }
    for (String template : List.of("Parameters", "ItemSelector", "ResultSelector")) {
      if (s.has(template)) {
        payloadTemplate(s.get(template), at + "/" + template);
      }
    }
    switch (type) {
      case "Task" -> {
        if (!s.path("Resource").isTextual()) {
          problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at " + at);
        }
        retryCatch(s, states, at);
      }
      case "Parallel" -> {
        JsonNode branches = s.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
          problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Branches] at " + at);
        } else {
          for (int i = 0; i < branches.size(); i++) {
            machine(branches.get(i), at + "/Branches[" + i + "]");
          }
        }
        retryCatch(s, states, at);
      }
      case "Map" -> {
        JsonNode processor = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
        if (processor == null || !processor.isObject()) {
          problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [ItemProcessor] at " + at);
        } else {
          machine(processor, at + (s.has("ItemProcessor") ? "/ItemProcessor" : "/Iterator"));
        }
        if (s.has("MaxConcurrency") && (!s.get("MaxConcurrency").canConvertToInt() || s.get("MaxConcurrency").asInt() < 0)) {
          problems.add("SCHEMA_VALIDATION_FAILED: MaxConcurrency must be a non-negative integer at " + at);
        }
        retryCatch(s, states, at);
      }
      case "Choice" -> {
        JsonNode choices = s.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
          problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] at " + at);
        } else {
          for (int i = 0; i < choices.size(); i++) {
            JsonNode c = choices.get(i);
            if (!c.path("Next").isTextual()) {
              problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at " + at + "/Choices[" + i + "]");
            }
            target(c.get("Next"), states, at + "/Choices[" + i + "]/Next");
            rule(c, at + "/Choices[" + i + "]");
          }
        }
        target(s.get("Default"), states, at + "/Default");
      }
      case "Wait" -> {
        int n = 0;
        for (String f : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
          n += s.has(f) ? 1 : 0;
        }
        if (n != 1) {
          problems.add("SCHEMA_VALIDATION_FAILED: Exactly one of Seconds, Timestamp, SecondsPath or TimestampPath is required at " + at);
        }
        if (s.has("Seconds") && (!s.get("Seconds").canConvertToInt() || s.get("Seconds").asInt() < 0)) {
          problems.add("SCHEMA_VALIDATION_FAILED: Seconds must be a non-negative integer at " + at + "/Seconds");
        }
        if (s.has("Timestamp") && ChoiceRules.timestamp(s.get("Timestamp")) == null) {
          problems.add("SCHEMA_VALIDATION_FAILED: Timestamp must be an RFC 3339 timestamp at " + at + "/Timestamp");
        }
      }
      case "Fail" -> {
        if (s.has("Error") && s.has("ErrorPath")) {
          problems.add("SCHEMA_VALIDATION_FAILED: Only one of Error or ErrorPath may be set at " + at);
        }
        if (s.has("Cause") && s.has("CausePath")) {
          problems.add("SCHEMA_VALIDATION_FAILED: Only one of Cause or CausePath may be set at " + at);
        }
      }
      default -> { }
    }
  }

  private void rule(JsonNode r, String at) {
    if (r.has("And") || r.has("Or")) {
      JsonNode list = r.has("And") ? r.get("And") : r.get("Or");
      if (!list.isArray() || list.isEmpty()) {
        problems.add("SCHEMA_VALIDATION_FAILED: And/Or need a non-empty array at " + at);
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        rule(list.get(i), at + (r.has("And") ? "/And[" : "/Or[") + i + "]");
      }
      return;
    }
    if (r.has("Not")) {
      rule(r.get("Not"), at + "/Not");
      return;
    }
    String op = ChoiceRules.comparator(r);
    if (op == null) {
      problems.add("SCHEMA_VALIDATION_FAILED: a Choice rule needs a comparison operator at " + at);
      return;
    }
    if (!r.path("Variable").isTextual() || !Paths.isValidPath(r.get("Variable").asText())) {
      problems.add("SCHEMA_VALIDATION_FAILED: a Choice rule needs a valid Variable path at " + at + "/Variable");
    }
    if (ChoiceRules.isPathOperator(op) && !Paths.isValidPath(r.get(op).asText(null))) {
      problems.add("SCHEMA_VALIDATION_FAILED: " + op + " needs a valid path at " + at + "/" + op);
    }
  }

  private void retryCatch(JsonNode s, JsonNode states, String at) {
    errorLists(s.get("Retry"), at + "/Retry");
    errorLists(s.get("Catch"), at + "/Catch");
    JsonNode catchers = s.get("Catch");
    if (catchers != null) {
      for (int i = 0; i < catchers.size(); i++) {
        JsonNode c = catchers.get(i);
        if (!c.path("Next").isTextual()) {
          problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at " + at + "/Catch[" + i + "]");
        }
        target(c.get("Next"), states, at + "/Catch[" + i + "]/Next");
      }
    }
  }

  private void errorLists(JsonNode list, String at) {
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      problems.add("SCHEMA_VALIDATION_FAILED: must be an array at " + at);
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode errors = list.get(i).get("ErrorEquals");
      if (errors == null || !errors.isArray() || errors.isEmpty()) {
        problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at " + at + "[" + i + "]");
        continue;
      }
      for (JsonNode e : errors) {
        if (e.asText().equals(StatesException.ALL) && (errors.size() != 1 || i != list.size() - 1)) {
          problems.add("SCHEMA_VALIDATION_FAILED: States.ALL must appear alone in the last retrier or catcher at " + at + "[" + i + "]");
        }
      }
    }
  }

  private void target(JsonNode next, JsonNode states, String at) {
    if (next != null && next.isTextual() && !states.has(next.asText())) {
      problems.add("MISSING_TRANSITION_TARGET: Missing 'Next' target: " + next.asText() + " at " + at);
    }
  }

  private void paths(JsonNode s, String at, String... fields) {
    for (String f : fields) {
      JsonNode v = s.get(f);
      if (v != null && !v.isNull() && !(v.isTextual() && (Paths.isValidPath(v.asText()) || v.asText().startsWith("States.")))) {
        problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + f + "' must be a valid JSONPath at " + at + "/" + f);
      }
    }
  }

  private void payloadTemplate(JsonNode t, String at) {
    if (t.isObject()) {
      Iterator<String> names = t.fieldNames();
      while (names.hasNext()) {
        String key = names.next();
        JsonNode v = t.get(key);
        if (key.endsWith(".$")) {
          String expr = v.asText(null);
          if (!v.isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + key + "' must be a STRING at " + at + "/" + key);
          } else if (expr.startsWith("States.")) {
            try {
              Intrinsics.validate(expr);
            } catch (StatesException e) {
              problems.add("SCHEMA_VALIDATION_FAILED: " + e.cause() + " at " + at + "/" + key);
            }
          } else if (!Paths.isValidPath(expr)) {
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + key + "' must be a valid JSONPath or a valid intrinsic function call at " + at + "/" + key);
          }
        } else {
          payloadTemplate(v, at + "/" + key);
        }
      }
    } else if (t.isArray()) {
      for (int i = 0; i < t.size(); i++) {
        payloadTemplate(t.get(i), at + "[" + i + "]");
      }
    }
  }
}
