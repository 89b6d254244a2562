package dev.mirrorflow.activities.summary;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.plan.PlanVpcResult.PlanTotals;
import dev.mirrorflow.activities.plan.SubnetTally;
import dev.mirrorflow.activities.session.CreateBatchResult;
import dev.mirrorflow.activities.session.DeleteBatchResult;
import java.util.List;

/**
 * Input of the Summarize step: PlanVpc's totals and what each subnet with work ended with.
 *
 * <pre>{@code
 * {"cluster","vpcId","totals":{PlanTotals},
 *  "subnetResults":[{"subnetId","tally":{...}},
 *                   {"subnetId","tally":{...},"error":"dev.mirrorflow...TransientEc2Exception"}]}
 * }</pre>
 *
 * @param cluster capture cluster
 * @param vpcId the VPC
 * @param totals PlanVpc's counts (kept and skipped are reported from them)
 * @param subnetResults one entry per subnet with work
 */
public record SummarizeRequest(String cluster, String vpcId, PlanTotals totals, List<SubnetOutcome> subnetResults) {
  public SummarizeRequest {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    Ids.required("totals", totals);
    subnetResults = subnetResults == null ? List.of() : List.copyOf(subnetResults);
  }

  /**
   * How one subnet ended: its tally (from TallySubnet), or the error that stopped it. Results not yet
   * in the tally may ride along and are added.
   *
   * @param subnetId the subnet
   * @param tally earlier rounds
   * @param createResults the last round's create results
   * @param deleteResults the last round's delete results
   * @param error the error name when the subnet failed
   * @param cause the error's cause when the subnet failed
   */
  public record SubnetOutcome(
      String subnetId,
      SubnetTally tally,
      List<CreateBatchResult> createResults,
      List<DeleteBatchResult> deleteResults,
      String error,
      String cause) {}
}
