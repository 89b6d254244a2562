package dev.mirrorflow.infra;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The state machines, one per {@code state-machines/*.asl.json}, each with its log group and exactly
 * the definition substitutions its placeholders name (state-machines/README.md): a step's
 * {@code ${<Step>FunctionArn}} is its live alias, a workflow's {@code ${<Workflow>StateMachineArn}}
 * its ARN by name, any other placeholder what {@code named} answers.
 */
final class ClusterWorkflows extends ClusterRoom {
  private static final Pattern FUNCTION_ARN = Pattern.compile("([A-Z][A-Za-z0-9]*)FunctionArn");
  private static final Pattern STATE_MACHINE_ARN = Pattern.compile("([A-Z][A-Za-z0-9]*)StateMachineArn");

  private final ClusterArns arns;
  private final WorkflowDefinitions workflows;
  private final Map<String, Alias> aliases;
  private final UnaryOperator<String> named;
  private final SortedMap<String, StateMachine> stateMachines = new TreeMap<>();

  /**
   * @param aliases each step's alias, by step name
   * @param named the value of every other placeholder ({@code ClusterName}); throws
   *     {@link InvalidSettingsException} for one it does not know
   */
  ClusterWorkflows(Construct scope, String id, ClusterArns arns, WorkflowDefinitions workflows, IRole role,
      Map<String, Alias> aliases, UnaryOperator<String> named) {
    super(scope, id);
    this.arns = arns;
    this.workflows = workflows;
    this.aliases = aliases;
    this.named = named;
    for (WorkflowDefinition workflow : workflows.workflows()) {
      stateMachine(workflow, role);
    }
  }

  /** The state machine of each workflow, by file name without {@code .asl.json}. */
  SortedMap<String, StateMachine> stateMachines() {
    return Collections.unmodifiableSortedMap(stateMachines);
  }

  private void stateMachine(WorkflowDefinition workflow, IRole role) {
    String name = Names.stateMachine(arns.cluster(), workflow.name());
    boolean express = workflow.type() == StateMachineType.EXPRESS;
    LogGroup logs =
        LogGroup.Builder.create(this, workflow.pascalName() + "Logs")
            // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy from growing with
            // every state machine.
            .logGroupName("/aws/vendedlogs/states/" + name)
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    StateMachine machine =
        StateMachine.Builder.create(this, workflow.pascalName() + "StateMachine")
            .stateMachineName(name)
            .stateMachineType(workflow.type())
            .definitionBody(DefinitionBody.fromString(workflow.definition()))
            .definitionSubstitutions(substitutions(workflow))
            .role(role)
            .tracingEnabled(true)
            .logs(
                LogOptions.builder()
                    .destination(logs)
                    .level(LogLevel.ALL)
                    // An Express execution's log is its only history; a Standard one keeps its
                    // inputs and outputs in its execution history already.
                    .includeExecutionData(express)
                    .build())
            .build();
    stateMachines.put(workflow.name(), machine);
  }

  /** The definition substitutions of one workflow: exactly its placeholders, per state-machines/README.md. */
  private Map<String, String> substitutions(WorkflowDefinition workflow) {
    Map<String, String> values = new TreeMap<>();
    for (String placeholder : workflow.placeholders()) {
      values.put(placeholder, substitution(placeholder));
    }
    return values;
  }

  private String substitution(String placeholder) {
    Matcher function = FUNCTION_ARN.matcher(placeholder);
    if (function.matches()) {
      return aliases.get(function.group(1)).getFunctionArn();
    }
    Matcher machine = STATE_MACHINE_ARN.matcher(placeholder);
    if (machine.matches()) {
      String workflow =
          workflows.workflows().stream()
              .filter(w -> w.pascalName().equals(machine.group(1)))
              .findFirst()
              .orElseThrow()
              .name();
      // Built from the name, not a reference: workflows may start each other (or themselves)
      // without a dependency cycle.
      return arns.stateMachine(workflow);
    }
    return named.apply(placeholder);
  }
}
