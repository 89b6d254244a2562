package dev.mirrorflow.infra;

import java.util.Map;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

/**
 * Which workflow type each state machine runs as: the one place that decides it (see
 * infra/README.md, "Standard or Express", for the arithmetic).
 *
 * <p>Express for what runs all the time and briefly: the every-minute scan of every VPC and the
 * reaction to every EC2/ECS state change. Billed per request and duration, a quiet VPC costs cents
 * a month instead of dollars, and their steps are idempotent, so Express's at-least-once start is
 * harmless. Standard, the default, for the rare, possibly long workflows that want exactly-once
 * starts by execution name and a full history: add-vpc, remove-vpc and anything new.
 */
public final class WorkflowTypes {

  private static final Map<String, StateMachineType> TYPES =
      Map.of(
          "reconcile-vpc", StateMachineType.EXPRESS,
          "event-router", StateMachineType.EXPRESS);

  private WorkflowTypes() {}

  /** The type of the workflow in {@code <name>.asl.json}. */
  public static StateMachineType of(String name) {
    return TYPES.getOrDefault(name, StateMachineType.STANDARD);
  }
}
