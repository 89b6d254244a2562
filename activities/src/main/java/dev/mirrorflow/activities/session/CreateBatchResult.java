package dev.mirrorflow.activities.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Output of the CreateSessions step: {@code {"subnetId","created":n,"failed":{"<EC2 error code>":n},
 * "failures":[{"eniId","error"}],"vpcInactive":n}}. Per-ENI refusals are counted here, not thrown; EC2's message for
 * each is logged (it would make a round's state too big for Step Functions).
 *
 * @param subnetId the batch's subnet
 * @param created sessions created (or found already created by an earlier attempt with the same token)
 * @param failed refusals by EC2 error code
 * @param failures the refused ENIs
 * @param vpcInactive sessions not created because the VPC stopped being active (remove-vpc closed
 *     the gate): not an error, nothing of this batch was created
 * @param madeByAnotherRun wanted sessions found made by a concurrent run (another client token): done,
 *     but that run's to count; still progress for the subnet's rounds
 */
public record CreateBatchResult(
    String subnetId, int created, Map<String, Integer> failed, List<ItemFailure> failures, int vpcInactive,
    // Written only when there are some: the round's state stays as compact as before.
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int madeByAnotherRun) {
  public CreateBatchResult {
    failed = failed == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(failed));
    failures = failures == null ? List.of() : List.copyOf(failures);
  }

  /** A result of a batch that ran (the gate was open). */
  public CreateBatchResult(String subnetId, int created, Map<String, Integer> failed, List<ItemFailure> failures) {
    this(subnetId, created, failed, failures, 0, 0);
  }

  /**
   * One ENI EC2 refused.
   *
   * @param eniId the ENI
   * @param error EC2's error code
   */
  public record ItemFailure(String eniId, String error) {}
}
