package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.util.List;
import java.util.regex.Pattern;

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
  /** What Step Functions accepts in an execution name, minus what we never produce. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

  public ScanVpcRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    Ids.required("scanName", scanName);
    if (!NAME.matcher(scanName).matches()) {
      throw new InvalidInputException("malformed scanName '" + scanName
          + "': expected the scan's execution name (letters, digits, '-' and '_', at most 80)");
    }
    runningReconciles = Ids.required("runningReconciles", runningReconciles);
    runningReconciles = List.copyOf(runningReconciles);
  }
}
