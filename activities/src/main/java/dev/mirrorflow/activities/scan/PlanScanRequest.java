package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Input of the PlanScan step: {@code {"cluster","vpcId","scanName","reconcileStateMachineArn"}}; the
 * scan-vpc workflow passes {@code cluster} and {@code vpcId} from the schedule rule's registration
 * Input, its own execution name and the ARN of reconcile-vpc. The registration's {@code config} is not
 * read from here: the plan reads the registration itself.
 *
 * @param cluster capture cluster
 * @param vpcId the VPC to scan
 * @param scanName the scan's own execution name, part of the reconcile's execution name
 * @param reconcileStateMachineArn the reconcile-vpc state machine, whose running executions count
 */
public record PlanScanRequest(String cluster, String vpcId, String scanName, String reconcileStateMachineArn) {
  static final Pattern STATE_MACHINE_ARN = Pattern.compile("arn:aws[a-z-]*:states:[^:]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]+");

  public PlanScanRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    if (Ids.required("scanName", scanName).isBlank()) {
      throw new InvalidInputException("scanName must not be blank: the scan-vpc workflow passes $$.Execution.Name");
    }
    if (!STATE_MACHINE_ARN.matcher(Ids.required("reconcileStateMachineArn", reconcileStateMachineArn)).matches()) {
      throw new InvalidInputException("malformed reconcileStateMachineArn '" + reconcileStateMachineArn
          + "': expected the ARN of the reconcile-vpc state machine (the workflow passes ${ReconcileVpcStateMachineArn})");
    }
  }
}
