package dev.mirrorflow.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

/**
 * Every workflow in a {@code state-machines/} directory, checked against the conventions of
 * state-machines/README.md before anything is built from them: only known placeholders, every
 * {@code ${<Name>StateMachineArn}} naming a file that exists, only service integrations the
 * stack grants permissions for, and nothing an Express workflow cannot run.
 *
 * @param workflows the definitions, sorted by name
 */
public record WorkflowDefinitions(List<WorkflowDefinition> workflows) {

  /** The file name suffix of a workflow definition. */
  public static final String SUFFIX = ".asl.json";

  /** The placeholders of the conventions table that name no step or state machine. */
  public static final Set<String> FIXED_PLACEHOLDERS =
      Set.of("ClusterName", "ClusterBusName", "RulePrefix", "Partition", "Region", "AccountId",
          "EventsRoleArn", "ScheduleGroupName", "SchedulerRoleArn", "DeadLetterQueueArn", "DefaultTargetId",
          "DefaultFilterId", "ScanRate");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern FUNCTION_ARN = Pattern.compile("([A-Z][A-Za-z0-9]*)FunctionArn");
  private static final Pattern STATE_MACHINE_ARN = Pattern.compile("([A-Z][A-Za-z0-9]*)StateMachineArn");
  private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern INTEGRATION =
      Pattern.compile("arn:(?:aws|\\$\\{Partition}):states:::(.+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The service integrations a Task may use, and the IAM actions {@link MirrorflowStack} grants the
   * state machines for them. Anything else fails the synth, so that a workflow never deploys
   * without the permissions it needs, nor is granted more than this list.
   */
  public static final Map<String, String> INTEGRATIONS =
      Map.ofEntries(
          Map.entry("lambda:invoke", "lambda:InvokeFunction"),
          Map.entry("states:startExecution", "states:StartExecution"),
          Map.entry("states:startExecution.sync", "states:StartExecution"),
          Map.entry("states:startExecution.sync:2", "states:StartExecution"),
          Map.entry("aws-sdk:sfn:startExecution", "states:StartExecution"),
          Map.entry("aws-sdk:sfn:startSyncExecution", "states:StartSyncExecution"),
          Map.entry("aws-sdk:sfn:describeExecution", "states:DescribeExecution"),
          Map.entry("aws-sdk:sfn:stopExecution", "states:StopExecution"),
          Map.entry("events:putEvents", "events:PutEvents"),
          Map.entry("aws-sdk:eventbridge:putEvents", "events:PutEvents"),
          Map.entry("aws-sdk:eventbridge:putRule", "events:PutRule"),
          Map.entry("aws-sdk:eventbridge:deleteRule", "events:DeleteRule"),
          Map.entry("aws-sdk:eventbridge:putTargets", "events:PutTargets"),
          Map.entry("aws-sdk:eventbridge:removeTargets", "events:RemoveTargets"),
          Map.entry("aws-sdk:eventbridge:describeRule", "events:DescribeRule"),
          Map.entry("aws-sdk:eventbridge:listTargetsByRule", "events:ListTargetsByRule"),
          Map.entry("aws-sdk:eventbridge:enableRule", "events:EnableRule"),
          Map.entry("aws-sdk:eventbridge:disableRule", "events:DisableRule"),
          Map.entry("aws-sdk:eventbridge:tagResource", "events:TagResource"),
          Map.entry("aws-sdk:scheduler:createSchedule", "scheduler:CreateSchedule"),
          Map.entry("aws-sdk:scheduler:updateSchedule", "scheduler:UpdateSchedule"),
          Map.entry("aws-sdk:scheduler:getSchedule", "scheduler:GetSchedule"),
          Map.entry("aws-sdk:scheduler:deleteSchedule", "scheduler:DeleteSchedule"));

  public WorkflowDefinitions {
    workflows = List.copyOf(workflows);
  }

  /**
   * Reads and checks every {@code *.asl.json} in {@code directory}; an empty result when there is
   * none (the directory may hold only its README while the workflows are being written).
   */
  public static WorkflowDefinitions load(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidSettingsException(
          "no state machine directory at " + directory.toAbsolutePath()
              + ": run from the repository root or pass -c stateMachinesDir=PATH");
    }
    List<WorkflowDefinition> workflows = new ArrayList<>();
    WorkflowTypes types = WorkflowTypes.load(directory);
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        workflows.add(read(file, types));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    WorkflowDefinitions definitions = new WorkflowDefinitions(workflows);
    definitions.checkReferences();
    return definitions;
  }

  /** The workflow in {@code <name>.asl.json}, if there is one. */
  public Optional<WorkflowDefinition> find(String name) {
    return workflows.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /** Every step named by a {@code ${<Step>FunctionArn}} placeholder in any workflow, sorted. */
  public SortedSet<String> steps() {
    SortedSet<String> steps = new TreeSet<>();
    for (WorkflowDefinition workflow : workflows) {
      for (String placeholder : workflow.placeholders()) {
        Matcher m = FUNCTION_ARN.matcher(placeholder);
        if (m.matches()) {
          steps.add(m.group(1));
        }
      }
    }
    return Collections.unmodifiableSortedSet(steps);
  }

  /** The IAM actions the workflows' service integrations need (besides invoking their functions). */
  public SortedSet<String> integrationActions() {
    SortedSet<String> actions = new TreeSet<>();
    for (WorkflowDefinition workflow : workflows) {
      for (String resource : workflow.taskResources()) {
        integration(resource).map(INTEGRATIONS::get).ifPresent(actions::add);
      }
    }
    return Collections.unmodifiableSortedSet(actions);
  }

  /** Whether any workflow waits for a child execution ({@code states:startExecution.sync}). */
  public boolean usesSyncExecution() {
    return workflows.stream()
        .flatMap(w -> w.taskResources().stream())
        .flatMap(r -> integration(r).stream())
        .anyMatch(i -> i.startsWith("states:startExecution.sync"));
  }

  private void checkReferences() {
    for (WorkflowDefinition workflow : workflows) {
      for (String placeholder : workflow.placeholders()) {
        Matcher m = STATE_MACHINE_ARN.matcher(placeholder);
        if (m.matches() && workflows.stream().noneMatch(w -> w.pascalName().equals(m.group(1)))) {
          throw new InvalidSettingsException(
              workflow.name() + SUFFIX + " refers to ${" + placeholder + "}, but there is no state machine "
                  + m.group(1) + ": add its " + SUFFIX + " file or fix the placeholder");
        }
      }
    }
  }

  private static WorkflowDefinition read(Path file, WorkflowTypes types) {
    String fileName = file.getFileName().toString();
    String name = fileName.substring(0, fileName.length() - SUFFIX.length());
    if (!FILE_NAME.matcher(name).matches()) {
      throw new InvalidSettingsException(
          "state machine file " + fileName + " must be named in kebab-case, e.g. reconcile-vpc" + SUFFIX);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidSettingsException(fileName + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("States").isObject() || !root.path("StartAt").isTextual()) {
      throw new InvalidSettingsException(fileName + " is not a state machine: it needs StartAt and States");
    }
    SortedSet<String> placeholders = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String placeholder = m.group(1);
      if (!isKnown(placeholder)) {
        throw new InvalidSettingsException(
            fileName + " uses the placeholder ${" + placeholder + "}, which is not one of the definition "
                + "substitutions of state-machines/README.md (${<Step>FunctionArn}, ${<Name>StateMachineArn}, "
                + String.join(", ", FIXED_PLACEHOLDERS.stream().sorted().map(p -> "${" + p + "}").toList())
                + "): fix the placeholder");
      }
      placeholders.add(placeholder);
    }
    List<String> tasks = new ArrayList<>();
    collectTaskResources(root, tasks);
    StateMachineType type = types.of(name);
    for (String resource : tasks) {
      checkTaskResource(fileName, type, resource);
    }
    return new WorkflowDefinition(name, text, placeholders, tasks, type);
  }

  private static boolean isKnown(String placeholder) {
    return FIXED_PLACEHOLDERS.contains(placeholder)
        || FUNCTION_ARN.matcher(placeholder).matches()
        || STATE_MACHINE_ARN.matcher(placeholder).matches();
  }

  private static void collectTaskResources(JsonNode node, List<String> out) {
    if (node.isObject()) {
      if ("Task".equals(node.path("Type").asText()) && node.path("Resource").isTextual()) {
        out.add(node.get("Resource").asText());
      }
      node.elements().forEachRemaining(child -> collectTaskResources(child, out));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectTaskResources(child, out));
    }
  }

  private static void checkTaskResource(String fileName, StateMachineType type, String resource) {
    if (FUNCTION_ARN.matcher(stripPlaceholder(resource)).matches()) {
      return;
    }
    Optional<String> integration = integration(resource);
    if (integration.isEmpty() || !INTEGRATIONS.containsKey(integration.get())) {
      throw new InvalidSettingsException(
          fileName + " has a Task with Resource " + resource + ", which the stack grants no permission for: "
              + "call a Lambda step through ${<Step>FunctionArn}, or use one of the integrations "
              + new TreeSet<>(INTEGRATIONS.keySet()) + " (add a new one to WorkflowDefinitions.INTEGRATIONS "
              + "together with its IAM statement)");
    }
    if (type == StateMachineType.EXPRESS
        && (integration.get().contains(".sync") || integration.get().contains(".waitForTaskToken"))) {
      throw new InvalidSettingsException(
          fileName + " is an Express workflow, which cannot wait on " + resource
              + ": make it Standard in " + WorkflowTypes.FILE + " or start the child without waiting");
    }
  }

  private static String stripPlaceholder(String resource) {
    Matcher m = PLACEHOLDER.matcher(resource);
    return m.matches() ? m.group(1) : resource;
  }

  private static Optional<String> integration(String resource) {
    Matcher m = INTEGRATION.matcher(resource);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
