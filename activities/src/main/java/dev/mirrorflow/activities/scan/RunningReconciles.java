package dev.mirrorflow.activities.scan;

import java.util.List;

/** Which reconciles of a VPC are running: reconcile-vpc executions are named {@code <vpcId>-...}. */
public interface RunningReconciles {

  /**
   * The RUNNING executions of {@code stateMachineArn} whose names start with {@code <vpcId>-}, most
   * recent first (ListExecutions' order).
   *
   * @throws TransientStepFunctionsException when Step Functions cannot answer right now
   */
  List<RunningReconcile> of(String stateMachineArn, String vpcId);

  /** None ever running: for callers that never take turns. */
  static RunningReconciles none() {
    return (arn, vpcId) -> List.of();
  }
}
