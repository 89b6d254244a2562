package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.plan.PlanVpcRequest;
import dev.mirrorflow.activities.plan.PlanVpcResult;
import dev.mirrorflow.activities.plan.VpcPlanner;
import java.util.Optional;

/**
 * The PlanVpc step: a {@link TurnWait} while an earlier reconcile of the VPC that may overlap this one
 * runs ({@link ReconcileTurns}), else the plan ({@link VpcPlanner}). Dry runs and purges never wait:
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
   * @return a {@link TurnWait} or a {@link PlanVpcResult}
   */
  public Object plan(PlanVpcRequest request) {
    if (request.execution() != null && !request.dryRun() && !request.purge()) {
      Optional<String> earlier = turns.waitFor(request.vpcId(), request.execution());
      if (earlier.isPresent()) {
        return new TurnWait(earlier.get(), turns.nextCheck(request.execution()).toSeconds(), request);
      }
    }
    return planner.plan(request);
  }
}
