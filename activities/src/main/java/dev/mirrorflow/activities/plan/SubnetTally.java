package dev.mirrorflow.activities.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.session.CreateBatchResult;
import dev.mirrorflow.activities.session.DeleteBatchResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one subnet's reconcile has done so far, summed over its rounds (a subnet with more work than
 * one round takes is planned again after each round): {@code {"rounds","created","deleted","failed":{code:n}}}.
 * An empty object {@code {}} is the tally before the first round.
 *
 * @param rounds rounds planned so far
 * @param created sessions created
 * @param deleted owned sessions deleted (or found gone)
 * @param failed per-ENI refusals by EC2 error code
 * @param probing whether the last round probed instance types (kept ENIs of untried types for the
 *     next round): that next round runs even when the probes made nothing, since they answered
 */
public record SubnetTally(
    int rounds,
    int created,
    int deleted,
    Map<String, Integer> failed,
    // Written only when true: the tally stays as compact as before for every subnet that needs no probe.
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean probing) {
  /** Counted in {@code failed}: a planned delete found the session no longer carries the ownership tag. */
  public static final String NOT_OWNED = "sessionNotOwned";

  public SubnetTally {
    failed = failed == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(failed));
  }

  public SubnetTally(int rounds, int created, int deleted, Map<String, Integer> failed) {
    this(rounds, created, deleted, failed, false);
  }

  public static SubnetTally empty() {
    return new SubnetTally(0, 0, 0, Map.of());
  }

  /** This tally plus the results of a round's create and delete batches (either may be null). */
  public SubnetTally plus(List<CreateBatchResult> creates, List<DeleteBatchResult> deletes) {
    int c = created;
    int d = deleted;
    Map<String, Integer> f = new TreeMap<>(failed);
    for (CreateBatchResult r : creates == null ? List.<CreateBatchResult>of() : creates) {
      c += r.created();
      r.failed().forEach((code, n) -> f.merge(code, n, Integer::sum));
    }
    for (DeleteBatchResult r : deletes == null ? List.<DeleteBatchResult>of() : deletes) {
      d += r.deleted() + r.alreadyGone();
      if (r.notOwned() > 0) {
        f.merge(NOT_OWNED, r.notOwned(), Integer::sum);
      }
    }
    return new SubnetTally(rounds, c, d, f);
  }
}
