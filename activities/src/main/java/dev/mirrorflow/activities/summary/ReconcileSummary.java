package dev.mirrorflow.activities.summary;

import java.util.List;
import java.util.Map;

/**
 * A reconcile's output: {@code {"cluster","vpcId","created","deleted","kept","skipped":{reason:n},
 * "failed":{error:n},"failedSubnets":[{"subnetId","error","cause"}]}}. {@code failed} counts per-ENI
 * refusals by EC2 error code and failed subnets by error name.
 *
 * @param cluster capture cluster
 * @param vpcId the VPC
 * @param created sessions created
 * @param deleted owned sessions deleted
 * @param kept owned sessions that were already right
 * @param skipped ENIs without a session, by reason
 * @param failed failures by error
 * @param failedSubnets subnets that did not finish
 */
public record ReconcileSummary(
    String cluster,
    String vpcId,
    int created,
    int deleted,
    int kept,
    Map<String, Integer> skipped,
    Map<String, Integer> failed,
    List<FailedSubnet> failedSubnets) {

  /** A subnet that did not finish, the error that stopped it, and (shortened) why. */
  public record FailedSubnet(String subnetId, String error, String cause) {}
}
