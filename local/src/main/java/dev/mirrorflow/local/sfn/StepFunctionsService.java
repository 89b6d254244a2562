package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Step Functions API (AWS JSON 1.0, {@code X-Amz-Target: AWSStepFunctions.<Operation>}) in front
 * of a {@link LocalStepFunctions}. Errors are answered as AWS shapes them: HTTP 400 with
 * {@code __type} and {@code message}.
 */
public final class StepFunctionsService implements ServiceHandler {
  private static final String PREFIX = "AWSStepFunctions.";

  private final LocalStepFunctions engine;

  public StepFunctionsService(LocalStepFunctions engine) {
    this.engine = engine;
  }

  @Override
  public boolean accepts(LocalRequest request) {
    String target = request.header("x-amz-target");
    return target != null && target.startsWith(PREFIX);
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    String op = request.header("x-amz-target").substring(PREFIX.length());
    JsonNode in;
    try {
      in = request.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.parse(request.bodyAsString());
    } catch (IllegalArgumentException e) {
      return error("SerializationException", "the request body is not JSON: " + e.getMessage());
    }
    try {
      JsonNode out = switch (op) {
        case "CreateStateMachine" -> createStateMachine(in);
        case "UpdateStateMachine" -> updateStateMachine(in);
        case "DescribeStateMachine" -> describeStateMachine(engine.describeStateMachine(required(in, "stateMachineArn")));
        case "DescribeStateMachineForExecution" -> describeStateMachine(
            engine.describeExecution(required(in, "executionArn")).stateMachine());
        case "ListStateMachines" -> listStateMachines(in);
        case "DeleteStateMachine" -> {
          engine.deleteStateMachine(required(in, "stateMachineArn"));
          yield Json.MAPPER.createObjectNode();
        }
        case "StartExecution" -> startExecution(in);
        case "StartSyncExecution" -> startSyncExecution(in);
        case "DescribeExecution" -> describeExecution(engine.describeExecution(required(in, "executionArn")));
        case "ListExecutions" -> listExecutions(in);
        case "StopExecution" -> stopExecution(in);
        case "GetExecutionHistory" -> history(in);
        case "SendTaskSuccess" -> {
          engine.sendTaskSuccess(required(in, "taskToken"), required(in, "output"));
          yield Json.MAPPER.createObjectNode();
        }
        case "SendTaskFailure" -> {
          engine.sendTaskFailure(required(in, "taskToken"), optional(in, "error"), optional(in, "cause"));
          yield Json.MAPPER.createObjectNode();
        }
        case "SendTaskHeartbeat" -> {
          engine.sendTaskHeartbeat(required(in, "taskToken"));
          yield Json.MAPPER.createObjectNode();
        }
        case "TagResource" -> tagResource(in);
        case "UntagResource" -> untagResource(in);
        case "ListTagsForResource" -> listTags(in);
        default -> throw new StepFunctionsException("UnknownOperationException",
            "The local Step Functions does not implement " + op);
      };
      return LocalResponse.json(200, Json.write(out));
    } catch (StepFunctionsException e) {
      return error(e.code(), e.getMessage());
    }
  }

  private static LocalResponse error(String type, String message) {
    return LocalResponse.json(400, Json.MAPPER.createObjectNode().put("__type", type).put("message", message).toString());
  }

  private static String required(JsonNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new StepFunctionsException("ValidationException",
          "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
    }
    return v.asText();
  }

  private static String optional(JsonNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private JsonNode createStateMachine(JsonNode in) {
    StateMachineType type;
    try {
      type = StateMachineType.valueOf(in.path("type").asText("STANDARD").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new StepFunctionsException("ValidationException", "type must be STANDARD or EXPRESS");
    }
    StateMachine sm = engine.createStateMachine(required(in, "name"), required(in, "definition"),
        optional(in, "roleArn"), type, tagMap(in.path("tags")));
    return Json.MAPPER.createObjectNode()
        .put("stateMachineArn", sm.arn())
        .put("creationDate", Json.epochSeconds(sm.creationDate()));
  }

  private JsonNode updateStateMachine(JsonNode in) {
    StateMachine sm = engine.updateStateMachine(required(in, "stateMachineArn"), optional(in, "definition"),
        optional(in, "roleArn"));
    return Json.MAPPER.createObjectNode().put("updateDate", Json.epochSeconds(sm.updateDate()));
  }

  private static JsonNode describeStateMachine(StateMachine sm) {
    ObjectNode out = Json.MAPPER.createObjectNode()
        .put("stateMachineArn", sm.arn())
        .put("name", sm.name())
        .put("status", "ACTIVE")
        .put("definition", sm.definition())
        .put("roleArn", sm.roleArn())
        .put("type", sm.type().name())
        .put("creationDate", Json.epochSeconds(sm.creationDate()));
    out.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
    out.putObject("tracingConfiguration").put("enabled", false);
    if (sm.updateDate() != null) {
      out.put("updateDate", Json.epochSeconds(sm.updateDate()));
    }
    return out;
  }

  private JsonNode listStateMachines(JsonNode in) {
    List<JsonNode> items = new ArrayList<>();
    for (StateMachine sm : engine.stateMachines()) {
      items.add(Json.MAPPER.createObjectNode()
          .put("stateMachineArn", sm.arn())
          .put("name", sm.name())
          .put("type", sm.type().name())
          .put("creationDate", Json.epochSeconds(sm.creationDate())));
    }
    return page(in, items, "stateMachines");
  }

  private JsonNode startExecution(JsonNode in) {
    Execution e = engine.startExecution(required(in, "stateMachineArn"), optional(in, "name"), optional(in, "input"));
    return Json.MAPPER.createObjectNode()
        .put("executionArn", e.arn())
        .put("startDate", Json.epochSeconds(e.startDate()));
  }

  private JsonNode startSyncExecution(JsonNode in) {
    Execution e = engine.startSyncExecution(required(in, "stateMachineArn"), optional(in, "name"), optional(in, "input"));
    ObjectNode out = Json.MAPPER.createObjectNode()
        .put("executionArn", e.arn())
        .put("stateMachineArn", e.stateMachineArn())
        .put("name", e.name())
        .put("startDate", Json.epochSeconds(e.startDate()))
        .put("status", e.status().name())
        .put("input", e.input());
    e.stopDate().ifPresent(d -> out.put("stopDate", Json.epochSeconds(d)));
    e.error().ifPresent(v -> out.put("error", v));
    e.cause().ifPresent(v -> out.put("cause", v));
    out.putObject("inputDetails").put("included", true);
    e.output().ifPresent(v -> {
      out.put("output", v);
      out.putObject("outputDetails").put("included", true);
    });
    long millis = e.stopDate().map(d -> d.toEpochMilli() - e.startDate().toEpochMilli()).orElse(0L);
    out.putObject("billingDetails").put("billedMemoryUsedInMB", 64)
        .put("billedDurationInMilliseconds", Math.max(100, ((millis + 99) / 100) * 100));
    return out;
  }

  private static JsonNode describeExecution(Execution e) {
    ObjectNode out = summary(e);
    out.put("input", e.input());
    out.putObject("inputDetails").put("included", true);
    e.output().ifPresent(v -> {
      out.put("output", v);
      out.putObject("outputDetails").put("included", true);
    });
    e.error().ifPresent(v -> out.put("error", v));
    e.cause().ifPresent(v -> out.put("cause", v));
    out.put("redriveCount", 0);
    out.put("redriveStatus", "NOT_REDRIVABLE");
    return out;
  }

  private static ObjectNode summary(Execution e) {
    ObjectNode out = Json.MAPPER.createObjectNode()
        .put("executionArn", e.arn())
        .put("stateMachineArn", e.stateMachineArn())
        .put("name", e.name())
        .put("status", e.status().name())
        .put("startDate", Json.epochSeconds(e.startDate()));
    e.stopDate().ifPresent(d -> out.put("stopDate", Json.epochSeconds(d)));
    return out;
  }

  private JsonNode listExecutions(JsonNode in) {
    String arn = required(in, "stateMachineArn");
    StateMachine sm = engine.describeStateMachine(arn);
    if (sm.type() == StateMachineType.EXPRESS) {
      throw new StepFunctionsException("StateMachineTypeNotSupported",
          "This operation is not supported by this type of state machine: ListExecutions lists STANDARD executions only");
    }
    String status = optional(in, "statusFilter");
    List<JsonNode> items = new ArrayList<>();
    for (Execution e : engine.executions(arn)) {
      if (status == null || e.status().name().equals(status)) {
        items.add(summary(e));
      }
    }
    return page(in, items, "executions");
  }

  private JsonNode stopExecution(JsonNode in) {
    Execution e = engine.stopExecution(required(in, "executionArn"), optional(in, "error"), optional(in, "cause"));
    return Json.MAPPER.createObjectNode()
        .put("stopDate", Json.epochSeconds(e.stopDate().orElse(engine.clock().instant())));
  }

  private JsonNode history(JsonNode in) {
    Execution e = engine.describeExecution(required(in, "executionArn"));
    List<JsonNode> events = new ArrayList<>(e.history());
    if (in.path("reverseOrder").asBoolean(false)) {
      java.util.Collections.reverse(events);
    }
    if (!in.path("includeExecutionData").asBoolean(true)) {
      for (JsonNode ev : events) {
        ev.fields().forEachRemaining(f -> {
          if (f.getValue().isObject()) {
            ObjectNode d = (ObjectNode) f.getValue();
            d.remove(List.of("input", "output", "parameters"));
          }
        });
      }
    }
    return page(in, events, "events");
  }

  private JsonNode tagResource(JsonNode in) {
    engine.tagResource(required(in, "resourceArn"), tagMap(in.path("tags")));
    return Json.MAPPER.createObjectNode();
  }

  private JsonNode untagResource(JsonNode in) {
    List<String> keys = new ArrayList<>();
    in.path("tagKeys").forEach(k -> keys.add(k.asText()));
    engine.untagResource(required(in, "resourceArn"), keys);
    return Json.MAPPER.createObjectNode();
  }

  private JsonNode listTags(JsonNode in) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode tags = out.putArray("tags");
    engine.tags(required(in, "resourceArn")).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    return out;
  }

  private static Map<String, String> tagMap(JsonNode tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode t : tags) {
      out.put(t.path("key").asText(), t.path("value").asText(""));
    }
    return out;
  }

  /** Pages a list the way the API does: {@code maxResults} (default 100, at most 1000) and an opaque {@code nextToken}. */
  private static JsonNode page(JsonNode in, List<JsonNode> items, String field) {
    int max = in.path("maxResults").asInt(0);
    if (max < 0 || max > 1000) {
      throw new StepFunctionsException("ValidationException", "maxResults must be between 0 and 1000");
    }
    if (max == 0) {
      max = 100;
    }
    int start = 0;
    String token = optional(in, "nextToken");
    if (token != null) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + token + "'");
      }
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode array = out.putArray(field);
    int end = Math.min(items.size(), start + max);
    for (int i = start; i < end; i++) {
      array.add(items.get(i));
    }
    if (end < items.size()) {
      out.put("nextToken", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
