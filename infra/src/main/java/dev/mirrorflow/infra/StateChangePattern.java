package dev.mirrorflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.events.EventPattern;

/**
 * The event pattern of the cluster-level state-change rule, from {@code
 * state-machines/state-change-pattern.json}: the same file the local cloud's tests deploy, so the
 * event router sees the same events on AWS and locally.
 *
 * @param sources the {@code source} values
 * @param detailTypes the {@code detail-type} values
 */
public record StateChangePattern(List<String> sources, List<String> detailTypes) {
  /** The file, in the state machines directory. */
  public static final String FILE = "state-change-pattern.json";

  public StateChangePattern {
    sources = List.copyOf(sources);
    detailTypes = List.copyOf(detailTypes);
  }

  /** Reads the pattern; it must name only {@code source} and {@code detail-type}, each a non-empty list. */
  public static StateChangePattern load(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidSettingsException(
          "the event router needs " + file + ": the pattern of the EC2/ECS state-change rule");
    }
    try {
      JsonNode node = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      List<String> fields = new ArrayList<>();
      node.fieldNames().forEachRemaining(fields::add);
      if (!List.of("detail-type", "source").containsAll(fields)) {
        throw new InvalidSettingsException(file + " may name only source and detail-type, not " + fields);
      }
      return new StateChangePattern(strings(node, "source", file), strings(node, "detail-type", file));
    } catch (IOException e) {
      throw new InvalidSettingsException(file + " is not JSON: " + e.getMessage());
    }
  }

  /** The pattern as the CDK's EventPattern. */
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
