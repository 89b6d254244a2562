package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.session.CreateBatchResult;
import dev.mirrorflow.activities.session.DeleteBatchResult;
import java.util.List;

/**
 * Input of the PlanSubnet step. The first round: {@code {"cluster","vpcId","subnetId","config":{...},"tally":{}}}.
 * Later rounds also carry the previous round's {@code tally}, {@code createResults} and
 * {@code deleteResults}, which are added to the tally.
 *
 * @param cluster capture cluster
 * @param vpcId the VPC
 * @param subnetId the subnet to plan
 * @param config the VPC's config (from PlanVpc)
 * @param tally what earlier rounds did; null or {} on the first round
 * @param createResults the previous round's CreateSessions results, if any
 * @param deleteResults the previous round's DeleteSessions results, if any
 * @param purge remove-vpc's purge: delete every owned session of the subnet ({@code config} may be null)
 */
public record PlanSubnetRequest(
    String cluster,
    String vpcId,
    String subnetId,
    VpcMirroringConfig config,
    SubnetTally tally,
    List<CreateBatchResult> createResults,
    List<DeleteBatchResult> deleteResults,
    Boolean purge) {

  public PlanSubnetRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    Ids.subnet(subnetId);
    purge = Boolean.TRUE.equals(purge);
    if (!purge) {
      Ids.required("config", config);
    }
    tally = tally == null ? SubnetTally.empty() : tally;
  }
}
