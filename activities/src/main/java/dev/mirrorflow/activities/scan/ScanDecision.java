package dev.mirrorflow.activities.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.plan.PlanVpcResult.PlanTotals;
import java.util.List;

/**
 * Output of the PlanScan step.
 *
 * <pre>{@code
 * {"action":"none","cluster":"demo","vpcId":"vpc-...","totals":{"create":0,"delete":0,"kept":40,"skipped":{...}}}
 * {"action":"alreadyReconciling","cluster":"demo","vpcId":"vpc-...","reconciling":"vpc-...-add-vpc-1"}
 * {"action":"reconcile","cluster":"demo","vpcId":"vpc-...","subnetIds":["subnet-..."],
 *  "executionName":"vpc-...-scan-<scanName>","reconcileInput":{"cluster","vpcId","subnetIds"},"totals":{...}}
 * }</pre>
 *
 * @param action {@value #NONE}, {@value #ALREADY_RECONCILING} or {@value #RECONCILE}
 * @param cluster capture cluster
 * @param vpcId the VPC
 * @param reconciling the running reconcile of the VPC that made the scan stand aside
 * @param subnetIds subnets with work
 * @param executionName the reconcile's execution name (starts with the VPC id, like every reconcile's)
 * @param reconcileInput the reconcile's input: only the subnets with work
 * @param totals the plan's counts (absent when the scan stood aside)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanDecision(
    String action,
    String cluster,
    String vpcId,
    String reconciling,
    List<String> subnetIds,
    String executionName,
    ReconcileInput reconcileInput,
    PlanTotals totals) {

  public static final String NONE = "none";
  public static final String ALREADY_RECONCILING = "alreadyReconciling";
  public static final String RECONCILE = "reconcile";

  /** The input of reconcile-vpc for some subnets of a VPC. */
  public record ReconcileInput(String cluster, String vpcId, List<String> subnetIds) {
    public ReconcileInput {
      subnetIds = List.copyOf(subnetIds);
    }
  }
}
