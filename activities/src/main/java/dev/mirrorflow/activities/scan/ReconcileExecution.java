package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Who a reconcile is, from its context object: reconcile-vpc passes {@code $$.Execution.Name},
 * {@code $$.Execution.StartTime} (ISO 8601) and {@code $$.StateMachine.Id} to PlanVpc, so that it can
 * find the reconciles of its VPC that started before it.
 *
 * @param name the execution's name
 * @param startTime when it started, ISO 8601
 * @param stateMachineArn the reconcile-vpc state machine
 */
public record ReconcileExecution(String name, String startTime, String stateMachineArn) {
  public ReconcileExecution {
    if (Ids.required("execution.name", name).isBlank()) {
      throw new InvalidInputException("execution.name must not be blank: reconcile-vpc passes $$.Execution.Name");
    }
    parse(Ids.required("execution.startTime", startTime));
    if (!PlanScanRequest.STATE_MACHINE_ARN.matcher(Ids.required("execution.stateMachineArn", stateMachineArn)).matches()) {
      throw new InvalidInputException("malformed execution.stateMachineArn '" + stateMachineArn
          + "': expected the ARN of the reconcile-vpc state machine (reconcile-vpc passes $$.StateMachine.Id)");
    }
  }

  /** The start time as an instant. */
  public Instant started() {
    return parse(startTime);
  }

  private static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("malformed execution.startTime '" + text
          + "': expected an ISO 8601 date and time (reconcile-vpc passes $$.Execution.StartTime)");
    }
  }
}
