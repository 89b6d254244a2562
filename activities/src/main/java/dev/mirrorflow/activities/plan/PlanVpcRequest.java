package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.input.Ids;
import java.util.List;

/**
 * Input of the PlanVpc step, the reconcile's own input: {@code {"cluster","vpcId","subnetIds"?,"dryRun"?,"purge"?}}.
 *
 * @param cluster capture cluster
 * @param vpcId VPC to reconcile
 * @param subnetIds only these subnets (an event about one subnet); empty or absent = the whole VPC
 * @param dryRun plan only, change nothing
 * @param purge remove-vpc's purge mode: desired = nothing, every owned session of the scope is
 *     deleted; the registration is neither needed nor read
 */
public record PlanVpcRequest(String cluster, String vpcId, List<String> subnetIds, Boolean dryRun, Boolean purge) {
  public PlanVpcRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    subnetIds = Ids.subnets(subnetIds);
    dryRun = Boolean.TRUE.equals(dryRun);
    purge = Boolean.TRUE.equals(purge);
  }

  /** A reconcile's request (not a purge). */
  public PlanVpcRequest(String cluster, String vpcId, List<String> subnetIds, Boolean dryRun) {
    this(cluster, vpcId, subnetIds, dryRun, false);
  }
}
