package dev.mirrorflow.infra;

import java.util.List;
import java.util.Set;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

/**
 * One {@code <name>.asl.json} file, read and checked.
 *
 * @param name the file name without {@code .asl.json}, e.g. {@code reconcile-vpc}
 * @param definition the Amazon States Language text, placeholders and all
 * @param placeholders every {@code ${...}} name in the text
 * @param taskResources the {@code Resource} of every Task state, at any depth
 * @param type Standard or Express, from {@link WorkflowTypes}
 */
public record WorkflowDefinition(
    String name, String definition, Set<String> placeholders, List<String> taskResources, StateMachineType type) {

  public WorkflowDefinition {
    placeholders = Set.copyOf(placeholders);
    taskResources = List.copyOf(taskResources);
  }

  /** {@code ReconcileVpc} for {@code reconcile-vpc}: how placeholders and outputs name it. */
  public String pascalName() {
    return Names.pascalCase(name);
  }
}
