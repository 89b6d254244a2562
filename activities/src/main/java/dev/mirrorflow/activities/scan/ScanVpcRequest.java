package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.util.List;

/**
 * Input of the ScanVpc step: {@code {"cluster","vpcId","scanName","runningReconciles":[names]}}; the
 * scan-vpc workflow adds {@code scanName} (its own execution name) and {@code runningReconciles} (the
 * names of the RUNNING executions of reconcile-vpc, one ListExecutions call) to the registration
 * Input of the schedule rule. Its {@code config} is ignored: PlanVpc reads the registration itself.
 *
 * @param cluster capture cluster
 * @param vpcId the VPC to scan
 * @param scanName the scan's own execution name, part of the reconcile's execution name
 * @param runningReconciles names of the running reconcile-vpc executions (of every VPC)
 */
public record ScanVpcRequest(String cluster, String vpcId, String scanName, List<String> runningReconciles) {
  public ScanVpcRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    if (Ids.required("scanName", scanName).isBlank()) {
      throw new InvalidInputException("scanName must not be blank: the scan-vpc workflow passes $$.Execution.Name");
    }
    runningReconciles = Ids.required("runningReconciles", runningReconciles);
    runningReconciles = List.copyOf(runningReconciles);
  }
}
