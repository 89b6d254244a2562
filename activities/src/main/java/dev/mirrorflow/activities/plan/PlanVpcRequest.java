package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.input.Ids;
import java.util.List;

/**
 * Input of the PlanVpc step, the reconcile's own input: {@code {"cluster","vpcId","subnetIds"?,"dryRun"?}}.
 *
 * @param cluster capture cluster
 * @param vpcId VPC to reconcile
 * @param subnetIds only these subnets (an event about one subnet); empty or absent = the whole VPC
 * @param dryRun plan only, change nothing
 */
public record PlanVpcRequest(String cluster, String vpcId, List<String> subnetIds, Boolean dryRun) {
  public PlanVpcRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    subnetIds = Ids.subnets(subnetIds);
    dryRun = Boolean.TRUE.equals(dryRun);
  }
}
