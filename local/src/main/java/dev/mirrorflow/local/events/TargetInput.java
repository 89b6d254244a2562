package dev.mirrorflow.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rule's target receives for an event: the event itself, the target's constant
 * {@code Input}, the part of the event its {@code InputPath} selects, or the text its
 * {@code InputTransformer} renders, as the EventBridge user guide documents input transformation.
 */
final class TargetInput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Configuration PATHS =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(JSON))
          .mappingProvider(new JacksonMappingProvider(JSON))
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();
  static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");
  static final Set<String> PREDEFINED =
      Set.of(
          "aws.events.rule-arn",
          "aws.events.rule-name",
          "aws.events.event.ingestion-time",
          "aws.events.event",
          "aws.events.event.json");

  /** A transformation that cannot produce valid input for this event; EventBridge drops it. */
  static final class TransformationException extends RuntimeException {
    TransformationException(String message) {
      super(message);
    }
  }

  private TargetInput() {}

  /**
   * Checks a target's input settings as PutTargets does; returns null when they are fine, else
   * AWS's message.
   */
  static String validate(String targetId, JsonNode target) {
    int given = 0;
    for (String field : new String[] {"Input", "InputPath", "InputTransformer"}) {
      if (target.hasNonNull(field)) {
        given++;
      }
    }
    if (given > 1) {
      return "Only one of Input, InputPath, or InputTransformer must be provided for target " + targetId + ".";
    }
    if (target.hasNonNull("Input")) {
      try {
        JSON.readTree(target.get("Input").asText());
      } catch (JsonProcessingException e) {
        return "Input for target " + targetId + " is not valid JSON text: " + e.getOriginalMessage();
      }
    }
    if (target.hasNonNull("InputPath") && !target.get("InputPath").asText().startsWith("$")) {
      return "InputPath for target " + targetId + " is not a valid JSON path.";
    }
    JsonNode transformer = target.get("InputTransformer");
    if (transformer != null && !transformer.isNull()) {
      if (!transformer.hasNonNull("InputTemplate")) {
        return "InputTemplate is required for the InputTransformer of target " + targetId + ".";
      }
      JsonNode paths = transformer.path("InputPathsMap");
      Iterator<Map.Entry<String, JsonNode>> it = paths.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (PREDEFINED.contains(entry.getKey()) || entry.getKey().startsWith("aws.")) {
          return "InputTransformer for target " + targetId + " defines reserved variable " + entry.getKey() + ".";
        }
        if (!entry.getValue().asText().startsWith("$")) {
          return "InputPathsMap for target " + targetId + " has an invalid JSON path: " + entry.getValue().asText();
        }
      }
      Matcher m = PLACEHOLDER.matcher(transformer.get("InputTemplate").asText());
      while (m.find()) {
        String name = m.group(1);
        if (!paths.has(name) && !PREDEFINED.contains(name)) {
          return "InputTemplate for target " + targetId + " contains invalid placeholder " + name + ".";
        }
      }
    }
    return null;
  }

  /** The text the target receives for {@code event}. */
  static String render(JsonNode target, ObjectNode event, String ruleArn, String ruleName, String ingestionTime) {
    if (target.hasNonNull("Input")) {
      return target.get("Input").asText();
    }
    if (target.hasNonNull("InputPath")) {
      JsonNode selected = select(event, target.get("InputPath").asText());
      return selected == null ? "null" : selected.toString();
    }
    JsonNode transformer = target.get("InputTransformer");
    if (transformer == null || transformer.isNull()) {
      return event.toString();
    }
    Map<String, JsonNode> values = new HashMap<>();
    transformer
        .path("InputPathsMap")
        .fields()
        .forEachRemaining(e -> values.put(e.getKey(), select(event, e.getValue().asText())));
    values.put("aws.events.rule-arn", JSON.getNodeFactory().textNode(ruleArn));
    values.put("aws.events.rule-name", JSON.getNodeFactory().textNode(ruleName));
    values.put("aws.events.event.ingestion-time", JSON.getNodeFactory().textNode(ingestionTime));
    values.put("aws.events.event", eventWithoutDetail(event, ingestionTime));
    values.put("aws.events.event.json", event);
    return transform(transformer.get("InputTemplate").asText(), values);
  }

  /**
   * Fills a template. A placeholder inside a JSON string gets the value's text; outside one, the
   * value's JSON. An object or array inside a string is written without its quotes in a string
   * template and refused in a JSON template, as EventBridge does.
   */
  static String transform(String template, Map<String, JsonNode> values) {
    String trimmed = template.strip();
    boolean jsonTemplate = trimmed.startsWith("{") || trimmed.startsWith("[");
    StringBuilder out = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '\\' && inString && i + 1 < template.length()) {
        out.append(c).append(template.charAt(++i));
        continue;
      }
      if (c == '"') {
        inString = !inString;
        out.append(c);
        continue;
      }
      if (c == '<') {
        Matcher m = PLACEHOLDER.matcher(template).region(i, template.length());
        if (m.lookingAt() && values.containsKey(m.group(1))) {
          out.append(replacement(values.get(m.group(1)), m.group(1), inString, jsonTemplate));
          i = m.end() - 1;
          continue;
        }
      }
      out.append(c);
    }
    String result = out.toString();
    if (jsonTemplate) {
      try {
        JSON.readTree(result);
      } catch (JsonProcessingException e) {
        throw new TransformationException(
            "the InputTemplate did not render valid JSON for this event: " + e.getOriginalMessage());
      }
    }
    return result;
  }

  private static String replacement(JsonNode value, String name, boolean inString, boolean jsonTemplate) {
    if (value == null || value.isMissingNode()) {
      return inString ? "" : "null";
    }
    if (!inString) {
      return value.toString();
    }
    if (value.isContainerNode()) {
      if (jsonTemplate && !name.startsWith("aws.events.event")) {
        throw new TransformationException(
            "the value of <" + name + "> is a JSON object or array and cannot stand inside quotes in a JSON template");
      }
      return escape(value.toString().replace("\"", ""));
    }
    return escape(value.asText());
  }

  private static String escape(String text) {
    String quoted = JSON.getNodeFactory().textNode(text).toString();
    return quoted.substring(1, quoted.length() - 1);
  }

  private static JsonNode select(JsonNode event, String path) {
    try {
      Object result = JsonPath.using(PATHS).parse(event).read(path);
      if (result == null) {
        return null;
      }
      JsonNode node = result instanceof JsonNode n ? n : JSON.valueToTree(result);
      return node.isMissingNode() ? null : node;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code <aws.events.event>}: the envelope without detail, as EventBridge renders it. */
  private static ObjectNode eventWithoutDetail(ObjectNode event, String ingestionTime) {
    ObjectNode out = JSON.createObjectNode();
    out.set("id", event.get("id"));
    out.set("account", event.get("account"));
    out.set("detailType", event.get("detail-type"));
    out.put("time", ingestionTime);
    out.set("source", event.get("source"));
    out.set("region", event.get("region"));
    out.set("resources", event.get("resources"));
    out.set("version", event.get("version"));
    return out;
  }
}
