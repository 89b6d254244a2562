package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.plan.PlanVpcRequest;
import dev.mirrorflow.activities.plan.PlanVpcResult;
import dev.mirrorflow.activities.plan.VpcPlanner;

/**
 * The PlanVpc step: a {@link TurnWait} while an earlier reconcile of the VPC that may overlap this one
 * runs ({@link ReconcileTurns}), a {@link TurnHandedOver} when its turn has come and a later reconcile
 * of its subnet will read instead, else the plan ({@link VpcPlanner}). Dry runs and purges never wait:
 * one changes nothing, the other must end in an empty VPC whatever else runs.
 */
public final class VpcPlanInTurn {
  private final ReconcileTurns turns;
  private final VpcPlanner planner;

  public VpcPlanInTurn(ReconcileTurns turns, VpcPlanner planner) {
    this.turns = turns;
    this.planner = planner;
  }

  /**
   * @return a {@link TurnWait}, a {@link TurnHandedOver} or a {@link PlanVpcResult}
   */
  public Object plan(PlanVpcRequest request) {
    if (request.execution() != null && !request.dryRun() && !request.purge()) {
      ReconcileTurns.Turn turn = turns.turn(request.vpcId(), request.execution());
      if (turn.waitFor() != null) {
        return new TurnWait(turn.waitFor(), turns.nextCheck(request.execution()).toSeconds(), request);
      }
      if (turn.handOverTo() != null) {
        return TurnHandedOver.of(request, turn.handOverTo());
      }
    }
    return planner.plan(request);
  }
}
