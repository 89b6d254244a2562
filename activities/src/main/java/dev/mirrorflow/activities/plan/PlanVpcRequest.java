package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.scan.ReconcileExecution;
import java.util.List;

/**
 * Input of the PlanVpc step, the reconcile's own input: {@code {"cluster","vpcId","subnetIds"?,"dryRun"?,"purge"?}},
 * and {@code "execution"} from reconcile-vpc's context object.
 *
 * @param cluster capture cluster
 * @param vpcId VPC to reconcile
 * @param subnetIds only these subnets (an event about one subnet); empty or absent = the whole VPC
 * @param dryRun plan only, change nothing
 * @param purge remove-vpc's purge mode: desired = nothing, every owned session of the scope is
 *     deleted; the registration is neither needed nor read
 * @param execution the reconcile itself (absent when planned outside reconcile-vpc): whom it waits for
 *     ({@link dev.mirrorflow.activities.scan.ReconcileTurns})
 */
public record PlanVpcRequest(String cluster, String vpcId, List<String> subnetIds, Boolean dryRun, Boolean purge,
    ReconcileExecution execution) {
  public PlanVpcRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    subnetIds = Ids.subnets(subnetIds);
    dryRun = Boolean.TRUE.equals(dryRun);
    purge = Boolean.TRUE.equals(purge);
  }

  /** A request planned outside reconcile-vpc, which waits for no one. */
  public PlanVpcRequest(String cluster, String vpcId, List<String> subnetIds, Boolean dryRun, Boolean purge) {
    this(cluster, vpcId, subnetIds, dryRun, purge, null);
  }

  /** A reconcile's request (not a purge). */
  public PlanVpcRequest(String cluster, String vpcId, List<String> subnetIds, Boolean dryRun) {
    this(cluster, vpcId, subnetIds, dryRun, false);
  }
}
