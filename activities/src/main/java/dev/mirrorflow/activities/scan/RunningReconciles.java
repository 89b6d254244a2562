package dev.mirrorflow.activities.scan;

import java.util.Optional;

/** Which reconcile of a VPC is running, if any: reconcile-vpc executions are named {@code <vpcId>-...}. */
public interface RunningReconciles {

  /**
   * The name of a RUNNING execution of {@code stateMachineArn} whose name starts with {@code <vpcId>-}.
   *
   * @throws TransientStepFunctionsException when Step Functions cannot answer right now
   */
  Optional<String> of(String stateMachineArn, String vpcId);
}
