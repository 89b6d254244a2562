package dev.mirrorflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

/**
 * Which workflow type each state machine runs as, read from {@code state-machines/workflow-types.json}
 * (the file the local cloud reads too; see infra/README.md, "Standard or Express", for the
 * arithmetic). Workflows it does not name are Standard.
 *
 * <p>Express for what runs all the time and briefly: the every-minute scan of every VPC and the
 * reaction to every EC2/ECS state change. Billed per request and duration, a quiet VPC costs cents
 * a month instead of dollars, and their steps are idempotent, so Express's at-least-once start is
 * harmless. Standard for the rare, possibly long workflows that want exactly-once starts by
 * execution name and a full history: reconcile-vpc, add-vpc, remove-vpc.
 *
 * @param types the type of each workflow the file names
 */
public record WorkflowTypes(Map<String, StateMachineType> types) {
  /** The file, in the state machines directory. */
  public static final String FILE = "workflow-types.json";

  public WorkflowTypes {
    types = Map.copyOf(types);
  }

  /** The types in {@code directory}'s {@value #FILE}; none (all Standard) when there is no such file. */
  public static WorkflowTypes load(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.exists(file)) {
      return new WorkflowTypes(Map.of());
    }
    Map<String, StateMachineType> types = new TreeMap<>();
    try {
      JsonNode node = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw new InvalidSettingsException(file + " must be a JSON object mapping workflow names to EXPRESS or STANDARD");
      }
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        types.put(e.getKey(), StateMachineType.valueOf(e.getValue().asText()));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidSettingsException(
          file + " must map workflow names to EXPRESS or STANDARD: " + e.getMessage());
    }
    return new WorkflowTypes(types);
  }

  /** The type of the workflow in {@code <name>.asl.json}. */
  public StateMachineType of(String name) {
    return types.getOrDefault(name, StateMachineType.STANDARD);
  }
}
