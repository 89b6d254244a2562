package dev.mirrorflow.activities.summary;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.plan.SubnetTally;
import dev.mirrorflow.activities.session.CreateBatchResult;
import dev.mirrorflow.activities.session.DeleteBatchResult;
import java.util.List;

/**
 * Input of the TallySubnet step, the end of a subnet's reconcile: its tally and its last round's
 * results, {@code {"subnetId","tally":{...},"createResults":[...],"deleteResults":[...]}}. Folding them
 * here keeps what each subnet hands to the VPC-wide Map a few bytes, whatever the number of subnets.
 *
 * @param subnetId the subnet
 * @param tally what its earlier rounds did
 * @param createResults its last round's CreateSessions results
 * @param deleteResults its last round's DeleteSessions results
 */
public record TallySubnetRequest(
    String subnetId, SubnetTally tally, List<CreateBatchResult> createResults, List<DeleteBatchResult> deleteResults) {
  public TallySubnetRequest {
    Ids.subnet(subnetId);
    tally = tally == null ? SubnetTally.empty() : tally;
  }
}
