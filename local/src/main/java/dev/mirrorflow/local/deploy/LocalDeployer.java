package dev.mirrorflow.local.deploy;

import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.lambda.LocalLambda;
import dev.mirrorflow.local.sfn.LocalStepFunctions;
import dev.mirrorflow.local.sfn.StateMachine;
import dev.mirrorflow.local.sfn.StateMachineType;
import dev.mirrorflow.local.sfn.StepFunctionsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deploys a cluster's workflows to the local cloud as the CDK app deploys them to AWS: one Lambda
 * function per {@code ${<Step>FunctionArn}} placeholder (handler
 * {@code dev.mirrorflow.activities.handler.<Step>Handler}, resolved at its first invocation), every
 * placeholder of state-machines/README.md substituted, and one state machine
 * {@code mirrorflow-<cluster>-<file-stem>} per {@code *.asl.json}. State machine ARNs are
 * deterministic, so workflows that start each other may be deployed in any order. Deploying again
 * updates the definitions in place.
 */
public final class LocalDeployer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
  private static final String SUFFIX = ".asl.json";
  /** The file of state-machines/ that says which workflows are Express. */
  public static final String TYPES_FILE = "workflow-types.json";
  /** Handlers of the activities jar live here. */
  public static final String HANDLER_PACKAGE = "dev.mirrorflow.activities.handler";
  /** The scan cadence of a cluster deployed without another, as the CDK stack's. */
  public static final String DEFAULT_SCAN_RATE = "rate(1 minute)";

  private final LocalLambda lambda;
  private final LocalStepFunctions stepFunctions;
  private final String partition;
  private final String region;
  private final String accountId;
  private final UnaryOperator<String> handlerForStep;
  private final Duration functionTimeout;
  private final Map<String, String> functionVariables;
  private final String defaultTargetId;
  private final String defaultFilterId;
  private final String scanRate;
  private final DescribeBudgetPlan describeBudget;

  private LocalDeployer(Builder b) {
    this.defaultTargetId = b.defaultTargetId;
    this.defaultFilterId = b.defaultFilterId;
    this.scanRate = b.scanRate;
    this.describeBudget = b.describeBudget;
    this.lambda = b.lambda;
    this.stepFunctions = b.stepFunctions;
    this.partition = b.partition;
    this.region = b.region;
    this.accountId = b.accountId;
    this.handlerForStep = b.handlerForStep;
    this.functionTimeout = b.functionTimeout;
    this.functionVariables = Map.copyOf(b.functionVariables);
  }

  /** A deployer with the local cloud's defaults: partition aws, region us-east-1, account 000000000000. */
  public static LocalDeployer create(LocalLambda lambda, LocalStepFunctions stepFunctions) {
    return builder(lambda, stepFunctions).build();
  }

  public static Builder builder(LocalLambda lambda, LocalStepFunctions stepFunctions) {
    return new Builder(lambda, stepFunctions);
  }

  /** {@code mirrorflow-<cluster>-<stem>}. */
  public static String stateMachineName(String cluster, String stem) {
    return ClusterNames.stateMachine(cluster, stem);
  }

  /** The role the cluster's rules start state machines with, {@code ${EventsRoleArn}}. */
  public String eventsRoleArn(String cluster) {
    return roleArn(cluster, ClusterNames.EVENTS_ROLE);
  }

  /** The role EventBridge Scheduler starts scan-vpc with for every registered VPC, {@code ${SchedulerRoleArn}}. */
  public String schedulerRoleArn(String cluster) {
    return roleArn(cluster, ClusterNames.SCHEDULER_ROLE);
  }

  private String roleArn(String cluster, String purpose) {
    return "arn:" + partition + ":iam::" + accountId + ":role/" + ClusterNames.role(cluster, null, purpose);
  }

  /** The cluster's dead-letter queue for rule targets, {@code ${DeadLetterQueueArn}}. */
  public String deadLetterQueueArn(String cluster) {
    return "arn:" + partition + ":sqs:" + region + ":" + accountId + ":" + ClusterNames.deadLetterQueue(cluster);
  }

  /** {@code mirrorflow-<cluster>-<Step>}. */
  public static String functionName(String cluster, String step) {
    return ClusterNames.function(cluster, step);
  }

  /** Deploys every {@code *.asl.json} file of a directory (the repository's {@code state-machines/}). */
  public Deployment deploy(Path stateMachinesDirectory, String cluster) {
    Map<String, String> definitions = new TreeMap<>();
    try (Stream<Path> files = Files.list(stateMachinesDirectory)) {
      for (Path file : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        String stem = file.getFileName().toString();
        stem = stem.substring(0, stem.length() - SUFFIX.length());
        definitions.put(stem, Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state machines in " + stateMachinesDirectory, e);
    }
    if (definitions.isEmpty()) {
      throw new DeploymentException("no *.asl.json files in " + stateMachinesDirectory.toAbsolutePath()
          + ": point the deployer at the repository's state-machines/ directory");
    }
    return deploy(definitions, workflowTypes(stateMachinesDirectory.resolve(TYPES_FILE)), cluster);
  }

  /** Deploys definitions given as text, keyed by file stem, all as Standard workflows. */
  public Deployment deploy(Map<String, String> definitionsByStem, String cluster) {
    return deploy(definitionsByStem, Map.of(), cluster);
  }

  /** Reads {@code workflow-types.json}: stem to {@code EXPRESS} or {@code STANDARD}; absent file, none. */
  static Map<String, StateMachineType> workflowTypes(Path file) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      Map<String, StateMachineType> types = new TreeMap<>();
      JsonNode node = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        types.put(e.getKey(), StateMachineType.valueOf(e.getValue().asText()));
      }
      return types;
    } catch (IOException | IllegalArgumentException e) {
      throw new DeploymentException(file + " must map workflow stems to EXPRESS or STANDARD: " + e.getMessage(), e);
    }
  }

  /**
   * Deploys definitions given as text, keyed by file stem (e.g. {@code reconcile-vpc}), each as the
   * type {@code types} gives it (Standard when absent).
   */
  public Deployment deploy(
      Map<String, String> definitionsByStem, Map<String, StateMachineType> types, String cluster) {
    if (cluster == null || !cluster.matches("[a-z0-9][a-z0-9-]{0,30}")) {
      throw new DeploymentException("a cluster name is 1 to 31 lower-case letters, digits or '-', got '" + cluster + "'");
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ClusterName", cluster);
    values.put("ClusterBusName", ClusterNames.bus(cluster));
    values.put("RulePrefix", ClusterNames.prefix(cluster));
    values.put("ScheduleGroupName", ClusterNames.scheduleGroup(cluster));
    values.put("SchedulerRoleArn", schedulerRoleArn(cluster));
    values.put("Partition", partition);
    values.put("Region", region);
    values.put("AccountId", accountId);
    values.put("EventsRoleArn", eventsRoleArn(cluster));
    values.put("DeadLetterQueueArn", deadLetterQueueArn(cluster));
    values.put("DefaultTargetId", defaultTargetId);
    values.put("DefaultFilterId", defaultFilterId);
    values.put("ScanRate", scanRate);
    Map<String, String> stateMachineArns = new TreeMap<>();
    for (String stem : definitionsByStem.keySet()) {
      String arn = stepFunctions.stateMachineArn(stateMachineName(cluster, stem));
      stateMachineArns.put(stem, arn);
      values.put(pascal(stem) + "StateMachineArn", arn);
    }
    Map<String, String> functionArns = new TreeMap<>();
    Map<String, String> functionNames = new TreeMap<>();
    Map<String, String> variables = new LinkedHashMap<>(functionVariables);
    variables.putIfAbsent("MIRRORFLOW_CLUSTER", cluster);
    variables.putIfAbsent("MIRRORFLOW_CLUSTER_BUS", ClusterNames.bus(cluster));
    variables.putIfAbsent("MIRRORFLOW_HUB_ACCOUNT", accountId);
    // The CDK stack always names the allowed targets and filters; a local cluster deployed without
    // an allowlist allows any (tests and scenarios make their targets at run time).
    variables.putIfAbsent(AllowedMirrorResources.TARGETS_VARIABLE, AllowedMirrorResources.ANY);
    variables.putIfAbsent(AllowedMirrorResources.FILTERS_VARIABLE, AllowedMirrorResources.ANY);
    for (Map.Entry<String, String> d : definitionsByStem.entrySet()) {
      Matcher m = PLACEHOLDER.matcher(d.getValue());
      while (m.find()) {
        String name = m.group(1);
        if (name.endsWith("FunctionArn") && !values.containsKey(name)) {
          String step = name.substring(0, name.length() - "FunctionArn".length());
          String functionName = functionName(cluster, step);
          Map<String, String> stepVariables = new LinkedHashMap<>(variables);
          Integer reserved = null;
          if (describeBudget != null) {
            stepVariables.putAll(describeBudget.variables(step));
            reserved = describeBudget.reservedConcurrency(step).orElse(null);
          }
          String arn = lambda.createFunction(new LambdaFunction(
              functionName, handlerForStep.apply(step), stepVariables, functionTimeout, reserved));
          functionArns.put(step, arn);
          functionNames.put(step, functionName);
          values.put(name, arn);
        }
      }
    }
    for (Map.Entry<String, String> d : definitionsByStem.entrySet()) {
      String stem = d.getKey();
      String definition = substitute(stem, d.getValue(), values);
      String name = stateMachineName(cluster, stem);
      String arn = stateMachineArns.get(stem);
      try {
        if (stepFunctions.stateMachine(arn).isPresent()) {
          stepFunctions.updateStateMachine(arn, definition, null);
        } else {
          StateMachine sm = stepFunctions.createStateMachine(name, definition, null,
              types.getOrDefault(stem, StateMachineType.STANDARD), Map.of("mirrorflow:cluster", cluster));
          stateMachineArns.put(stem, sm.arn());
        }
      } catch (StepFunctionsException e) {
        throw new DeploymentException(stem + SUFFIX + " cannot be deployed as " + name + ": " + e.getMessage(), e);
      }
    }
    return new Deployment(cluster, stateMachineArns, functionArns, functionNames);
  }

  private static String substitute(String stem, String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    Set<String> unknown = new TreeSet<>();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        unknown.add(m.group(0));
        value = m.group(0);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (!unknown.isEmpty()) {
      throw new DeploymentException(stem + SUFFIX + " uses placeholders with no substitution: " + unknown
          + "; the known ones are listed in state-machines/README.md ("
          + List.of("${<Step>FunctionArn}", "${<Name>StateMachineArn}", "${ClusterName}", "${ClusterBusName}",
              "${RulePrefix}", "${Partition}", "${Region}", "${AccountId}", "${EventsRoleArn}",
              "${ScheduleGroupName}", "${SchedulerRoleArn}", "${DeadLetterQueueArn}", "${DefaultTargetId}", "${DefaultFilterId}",
              "${ScanRate}") + ")");
    }
    return out.toString();
  }

  /** {@code reconcile-vpc} to {@code ReconcileVpc}. */
  static String pascal(String kebab) {
    StringBuilder out = new StringBuilder();
    for (String part : kebab.split("-")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }

  /** Options of a {@link LocalDeployer}. */
  public static final class Builder {
    private final LocalLambda lambda;
    private final LocalStepFunctions stepFunctions;
    private String partition = "aws";
    private String region = "us-east-1";
    private String accountId = "000000000000";
    private UnaryOperator<String> handlerForStep = step -> HANDLER_PACKAGE + "." + step + "Handler";
    private Duration functionTimeout = Duration.ofSeconds(60);
    private final Map<String, String> functionVariables = new LinkedHashMap<>();
    private String defaultTargetId = "";
    private String defaultFilterId = "";
    private String scanRate = DEFAULT_SCAN_RATE;
    private DescribeBudgetPlan describeBudget;

    /**
     * Keeps the cluster's EC2 describes within {@code plan}'s share, as the CDK stack's {@code -c
     * describeShare} does: the steps that describe get its reserved concurrency and per-instance rate.
     * Null (the default here): no budget, every step unreserved (tests on a sped-up clock).
     */
    public Builder describeBudget(DescribeBudgetPlan plan) {
      this.describeBudget = plan;
      return this;
    }

    /**
     * How often each registered VPC's schedule starts its scan, {@code ${ScanRate}}: a rate expression
     * the local Scheduler accepts (it refuses any other when add-vpc writes the schedule).
     */
    public Builder scanRate(String scanRate) {
      this.scanRate = scanRate == null ? DEFAULT_SCAN_RATE : scanRate;
      return this;
    }

    /** The cluster's default mirror target, {@code ${DefaultTargetId}}; empty for none. */
    public Builder defaultTargetId(String targetId) {
      this.defaultTargetId = targetId == null ? "" : targetId;
      return this;
    }

    /** The cluster's default mirror filter, {@code ${DefaultFilterId}}; empty for none. */
    public Builder defaultFilterId(String filterId) {
      this.defaultFilterId = filterId == null ? "" : filterId;
      return this;
    }

    private Builder(LocalLambda lambda, LocalStepFunctions stepFunctions) {
      this.lambda = lambda;
      this.stepFunctions = stepFunctions;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    public Builder partition(String partition) {
      this.partition = partition;
      return this;
    }

    /** Which handler class serves a step; by default {@code dev.mirrorflow.activities.handler.<Step>Handler}. */
    public Builder handlerForStep(UnaryOperator<String> handlerForStep) {
      this.handlerForStep = handlerForStep;
      return this;
    }

    /** Every function's timeout (default 60 seconds). */
    public Builder functionTimeout(Duration timeout) {
      this.functionTimeout = timeout;
      return this;
    }

    /** An environment variable given to every function. */
    public Builder functionVariable(String name, String value) {
      this.functionVariables.put(name, value);
      return this;
    }

    public LocalDeployer build() {
      return new LocalDeployer(this);
    }
  }
}
