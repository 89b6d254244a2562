package dev.mirrorflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.EventPattern;

/**
 * The event pattern of the cluster-level state-change rule, from {@code
 * state-machines/state-change-pattern.json}: the same file the local cloud's tests deploy, so the
 * event router sees the same events on AWS and locally. It is an {@code $or} of branches: EC2
 * instance and ECS task state changes, and EC2 API calls delivered by CloudTrail (made by anyone but
 * Mirrorflow's own roles).
 *
 * @param sources every branch's {@code source} values
 * @param detailTypes every branch's {@code detail-type} values
 * @param pattern the whole pattern, as EventBridge takes it
 */
public record StateChangePattern(List<String> sources, List<String> detailTypes, Map<String, Object> pattern) {
  /** The file, in the state machines directory. */
  public static final String FILE = "state-change-pattern.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public StateChangePattern {
    sources = List.copyOf(sources);
    detailTypes = List.copyOf(detailTypes);
    pattern = Map.copyOf(pattern);
  }

  /**
   * Reads the pattern: an {@code $or} of branches (or one branch), each giving {@code source} and
   * {@code detail-type} as non-empty lists, and at most a {@code detail}.
   */
  public static StateChangePattern load(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidSettingsException(
          "the event router needs " + file + ": the pattern of the EC2/ECS state-change rule");
    }
    try {
      JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      List<JsonNode> branches = new ArrayList<>();
      if (node.has("$or")) {
        if (node.size() != 1 || !node.get("$or").isArray() || node.get("$or").size() < 2) {
          throw new InvalidSettingsException(file + " must give $or alone, as a list of at least two branches");
        }
        node.get("$or").forEach(branches::add);
      } else {
        branches.add(node);
      }
      List<String> sources = new ArrayList<>();
      List<String> detailTypes = new ArrayList<>();
      for (JsonNode branch : branches) {
        List<String> fields = new ArrayList<>();
        branch.fieldNames().forEachRemaining(fields::add);
        if (!List.of("detail", "detail-type", "source").containsAll(fields)) {
          throw new InvalidSettingsException(file + " may name only source, detail-type and detail, not " + fields);
        }
        strings(branch, "source", file).stream().filter(s -> !sources.contains(s)).forEach(sources::add);
        strings(branch, "detail-type", file).stream().filter(s -> !detailTypes.contains(s)).forEach(detailTypes::add);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> pattern = JSON.convertValue(node, Map.class);
      return new StateChangePattern(sources, detailTypes, pattern);
    } catch (IOException e) {
      throw new InvalidSettingsException(file + " is not JSON: " + e.getMessage());
    }
  }

  /**
   * The sources and detail-types as the CDK's EventPattern, a placeholder the stack overrides with
   * {@link #pattern()}: the CDK's typed pattern cannot say {@code $or}.
   */
  public EventPattern toEventPattern() {
    return EventPattern.builder().source(sources).detailType(detailTypes).build();
  }

  private static List<String> strings(JsonNode node, String field, Path file) {
    JsonNode values = node.path(field);
    if (!values.isArray() || values.isEmpty()) {
      throw new InvalidSettingsException(file + " must give " + field + " as a non-empty list of strings");
    }
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return out;
  }
}
