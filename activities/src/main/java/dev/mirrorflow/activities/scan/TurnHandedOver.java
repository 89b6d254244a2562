package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.plan.PlanVpcRequest;
import dev.mirrorflow.activities.plan.PlanVpcResult.PlanTotals;
import java.util.Map;

/**
 * PlanVpc's answer when the reconcile's turn has come but a later reconcile of the same subnet is
 * already running and will read after it ({@link ReconcileTurns#turn}): nothing read, nothing to do.
 * reconcile-vpc ends through NothingToDo, as for a plan without work.
 *
 * <pre>{@code {"cluster","vpcId","dryRun":false,"hasWork":false,"totals":{"create":0,"delete":0,"kept":0,"skipped":{}},"handedOverTo":"vpc-...-event-subnet-...-880123457"}}</pre>
 *
 * @param cluster capture cluster
 * @param vpcId the VPC
 * @param dryRun always false: a dry run never takes turns
 * @param hasWork always false
 * @param totals all zero: nothing was read
 * @param handedOverTo the later reconcile that reads instead
 */
public record TurnHandedOver(String cluster, String vpcId, boolean dryRun, boolean hasWork, PlanTotals totals,
    String handedOverTo) {
  static TurnHandedOver of(PlanVpcRequest request, String later) {
    return new TurnHandedOver(request.cluster(), request.vpcId(), false, false, new PlanTotals(0, 0, 0, Map.of()), later);
  }
}
