package dev.mirrorflow.activities.summary;

import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import java.util.Map;
import java.util.Set;

/**
 * What in a reconcile's summary needs a person, as the counts its alarms watch: subnets reported
 * failed, and per-ENI refusals that will not go away by themselves (a quota, a missing permission,
 * a target that is gone). Not counted: an ENI that vanished before its session was made (the world
 * moved on) and an instance type EC2 does not mirror (a try the product makes on purpose, remembered
 * so that it is not repeated).
 */
public final class PermanentRefusals {
  /** Per-ENI answers that need nobody. */
  static final Set<String> EXPECTED = Set.of("InvalidNetworkInterfaceID.NotFound", "NetworkInterfaceNotSupported");

  private PermanentRefusals() {}

  /** {@code SubnetsFailed} and {@code PermanentRefusals} of one reconcile. */
  public static Map<String, Integer> of(ReconcileSummary summary) {
    int subnetsFailed = summary.failedSubnets() == null ? 0 : summary.failedSubnets().size();
    int refusals = 0;
    for (Map.Entry<String, Integer> e : summary.failed().entrySet()) {
      if (!EXPECTED.contains(e.getKey())) {
        refusals += e.getValue();
      }
    }
    // failed also counts each failed subnet under its error name; those are SubnetsFailed.
    if (summary.failedSubnets() != null) {
      for (ReconcileSummary.FailedSubnet subnet : summary.failedSubnets()) {
        if (!EXPECTED.contains(subnet.error())) {
          refusals--;
        }
      }
    }
    return Map.of(EmbeddedMetrics.SUBNETS_FAILED, subnetsFailed, EmbeddedMetrics.PERMANENT_REFUSALS, Math.max(0, refusals));
  }
}
