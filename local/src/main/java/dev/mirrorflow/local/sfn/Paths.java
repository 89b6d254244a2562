package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The States Language's paths: JsonPath reads over a state's input or the context object
 * ({@code $$}), reference paths that {@code ResultPath} writes, and payload templates
 * ({@code Parameters}, {@code ItemSelector}, {@code ResultSelector}) whose {@code .$} fields are
 * paths or intrinsic functions.
 */
final class Paths {
  private static final Configuration JSONPATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
          .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
          .options(EnumSet.noneOf(Option.class))
          .build();

  private Paths() {}

  /** A path that did not resolve against the data it was applied to. */
  static final class PathException extends RuntimeException {
    PathException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code path} ({@code $...} over {@code data}, {@code $$...} over {@code context}).
   *
   * @throws PathException when the path is invalid or selects nothing
   */
  static JsonNode read(JsonNode data, JsonNode context, String path) {
    if (path == null) {
      throw new PathException("a path is required");
    }
    JsonNode root = data;
    String p = path;
    if (p.startsWith("$$")) {
      root = context;
      p = p.substring(1);
    }
    if (!p.startsWith("$")) {
      throw new PathException("Invalid path '" + path + "': a path starts with '$'");
    }
    if (p.equals("$")) {
      return root;
    }
    try {
      Object result = JsonPath.using(JSONPATH).parse(root).read(p);
      if (result == null) {
        return NullNode.getInstance();
      }
      return result instanceof JsonNode node ? node : Json.MAPPER.valueToTree(result);
    } catch (PathNotFoundException e) {
      throw new PathException(
          "Invalid path '" + path + "' : No results for path: " + path);
    } catch (InvalidPathException | IllegalArgumentException e) {
      throw new PathException("Invalid path '" + path + "': " + e.getMessage());
    }
  }

  /** Whether a string is a syntactically valid path (for definition validation). */
  static boolean isValidPath(String path) {
    if (path == null || !(path.startsWith("$"))) {
      return false;
    }
    String p = path.startsWith("$$") ? path.substring(1) : path;
    if (p.equals("$")) {
      return true;
    }
    try {
      JsonPath.compile(p);
      return true;
    } catch (InvalidPathException | IllegalArgumentException e) {
      return false;
    }
  }

  /** One step of a reference path: an object field or an array index. */
  record Step(String field, int index) {
    boolean isField() {
      return field != null;
    }
  }

  /**
   * Parses a reference path: {@code $} followed by {@code .name}, {@code ['name']} or
   * {@code [index]} steps only, as the spec requires for {@code ResultPath}.
   */
  static List<Step> referencePath(String path) {
    if (path == null || !path.startsWith("$") || path.startsWith("$$")) {
      throw new PathException("Invalid reference path '" + path + "': it must start with '$'");
    }
    List<Step> steps = new ArrayList<>();
    int i = 1;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c == '.') {
        int j = i + 1;
        while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
          j++;
        }
        String name = path.substring(i + 1, j);
        if (name.isEmpty() || name.contains("*") || name.contains("@")) {
          throw new PathException("Invalid reference path '" + path + "' at position " + i);
        }
        steps.add(new Step(name, -1));
        i = j;
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new PathException("Invalid reference path '" + path + "': unclosed '['");
        }
        String inside = path.substring(i + 1, close).trim();
        if ((inside.startsWith("'") && inside.endsWith("'") && inside.length() >= 2)
            || (inside.startsWith("\"") && inside.endsWith("\"") && inside.length() >= 2)) {
          steps.add(new Step(inside.substring(1, inside.length() - 1), -1));
        } else if (inside.matches("\\d+")) {
          steps.add(new Step(null, Integer.parseInt(inside)));
        } else {
          throw new PathException(
              "Invalid reference path '" + path + "': only .name, ['name'] and [index] are allowed");
        }
        i = close + 1;
      } else {
        throw new PathException("Invalid reference path '" + path + "' at position " + i);
      }
    }
    return steps;
  }

  /**
   * Applies {@code ResultPath}: puts {@code result} into a copy of {@code rawInput} at the reference
   * path, creating missing objects on the way; {@code null} path keeps the raw input.
   */
  static JsonNode applyResultPath(JsonNode rawInput, JsonNode result, String resultPath, boolean discard) {
    if (discard) {
      return rawInput;
    }
    if (resultPath == null || resultPath.equals("$")) {
      return result;
    }
    List<Step> steps;
    try {
      steps = referencePath(resultPath);
    } catch (PathException e) {
      throw new StatesException(StatesException.RESULT_PATH_MATCH_FAILURE, e.getMessage());
    }
    if (!rawInput.isObject() && !(rawInput.isArray() && !steps.get(0).isField())) {
      throw resultPathFailure(resultPath, rawInput);
    }
    JsonNode root = rawInput.deepCopy();
    JsonNode node = root;
    for (int k = 0; k < steps.size(); k++) {
      Step step = steps.get(k);
      boolean last = k == steps.size() - 1;
      if (step.isField()) {
        if (!node.isObject()) {
          throw resultPathFailure(resultPath, rawInput);
        }
        ObjectNode obj = (ObjectNode) node;
        if (last) {
          obj.set(step.field(), result);
        } else {
          JsonNode child = obj.get(step.field());
          if (child == null || child.isNull()) {
            child = obj.putObject(step.field());
          } else if (!child.isContainerNode()) {
            throw resultPathFailure(resultPath, rawInput);
          }
          node = child;
        }
      } else {
        if (!node.isArray() || step.index() >= node.size()) {
          throw resultPathFailure(resultPath, rawInput);
        }
        ArrayNode arr = (ArrayNode) node;
        if (last) {
          arr.set(step.index(), result);
        } else {
          node = arr.get(step.index());
        }
      }
    }
    return root;
  }

  private static StatesException resultPathFailure(String resultPath, JsonNode input) {
    return new StatesException(
        StatesException.RESULT_PATH_MATCH_FAILURE,
        "Unable to apply ResultPath \"" + resultPath + "\" to input \"" + Json.write(input) + "\"");
  }

  /**
   * Evaluates a payload template: fields whose name ends in {@code .$} take the value of the path or
   * intrinsic function they hold, under the name without the suffix; all else is copied.
   *
   * @param errorName the error to raise when a path selects nothing
   */
  static JsonNode template(JsonNode template, JsonNode data, JsonNode context, String errorName) {
    if (template.isObject()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String key = f.getKey();
        if (key.endsWith(".$")) {
          String name = key.substring(0, key.length() - 2);
          JsonNode expr = f.getValue();
          if (!expr.isTextual()) {
            throw new StatesException(
                errorName, "The value for the field '" + key + "' must be a valid JSONPath or intrinsic function");
          }
          out.set(name, expression(expr.asText(), data, context, key, errorName));
        } else {
          out.set(key, template(f.getValue(), data, context, errorName));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      for (JsonNode e : template) {
        out.add(template(e, data, context, errorName));
      }
      return out;
    }
    return template;
  }

  /** The value of one {@code .$} expression: an intrinsic function call or a path. */
  static JsonNode expression(String expr, JsonNode data, JsonNode context, String field, String errorName) {
    if (expr.startsWith("States.")) {
      return Intrinsics.evaluate(expr, data, context);
    }
    try {
      return read(data, context, expr);
    } catch (PathException e) {
      throw new StatesException(
          errorName,
          "The JSONPath '" + expr + "' specified for the field '" + field
              + "' could not be found in the input '" + Json.write(data) + "'");
    }
  }
}
