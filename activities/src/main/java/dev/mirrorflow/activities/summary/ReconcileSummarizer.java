package dev.mirrorflow.activities.summary;

import dev.mirrorflow.activities.plan.SubnetTally;
import dev.mirrorflow.activities.summary.ReconcileSummary.FailedSubnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TallySubnet and Summarize steps: folds a subnet's last round into its tally, and adds up what
 * every subnet did into one {@link ReconcileSummary}.
 */
public final class ReconcileSummarizer {

  /** TallySubnet: {@code {"subnetId","tally":{...}}} with the last round's results added. */
  public SummarizeRequest.SubnetOutcome tallySubnet(TallySubnetRequest request) {
    return new SummarizeRequest.SubnetOutcome(request.subnetId(),
        request.tally().plus(request.createResults(), request.deleteResults()), null, null, null, null);
  }

  /** Longest cause kept per failed subnet; the full one is in the execution history. */
  static final int MAX_CAUSE = 500;

  public ReconcileSummary summarize(SummarizeRequest request) {
    int created = 0;
    int deleted = 0;
    Map<String, Integer> failed = new TreeMap<>();
    List<FailedSubnet> failedSubnets = new ArrayList<>();
    for (SummarizeRequest.SubnetOutcome subnet : request.subnetResults()) {
      SubnetTally start = subnet.tally() == null ? SubnetTally.empty() : subnet.tally();
      SubnetTally tally = start.plus(subnet.createResults(), subnet.deleteResults());
      created += tally.created();
      deleted += tally.deleted();
      tally.failed().forEach((code, n) -> failed.merge(code, n, Integer::sum));
      if (subnet.error() != null) {
        failed.merge(subnet.error(), 1, Integer::sum);
        String cause = subnet.cause() == null || subnet.cause().length() <= MAX_CAUSE
            ? subnet.cause() : subnet.cause().substring(0, MAX_CAUSE) + "...";
        failedSubnets.add(new FailedSubnet(subnet.subnetId(), subnet.error(), cause));
      }
    }
    return new ReconcileSummary(request.cluster(), request.vpcId(), created, deleted, request.totals().kept(),
        request.totals().skipped(), failed, failedSubnets);
  }
}
