package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.plan.PlanVpcRequest;
import dev.mirrorflow.activities.plan.PlanVpcResult;
import dev.mirrorflow.activities.plan.VpcPlanner;
import java.util.List;
import java.util.Optional;

/**
 * The PlanScan step, the every-minute check of a registered VPC: stands aside when a reconcile of the
 * VPC is running (a bulk first reconcile takes far longer than a minute), else plans the VPC in a few
 * describe pages ({@link VpcPlanner}) and names the subnets with work, for a reconcile of just those.
 *
 * <p>Reconciles of a VPC are recognised by their execution name, which starts with {@code <vpcId>-}
 * (the convention of every workflow and of the CLI).
 */
public final class VpcScanner {
  /** Step Functions' limit on execution names. */
  static final int MAX_EXECUTION_NAME = 80;

  private final RunningReconciles running;
  private final VpcPlanner planner;

  public VpcScanner(RunningReconciles running, VpcPlanner planner) {
    this.running = running;
    this.planner = planner;
  }

  /**
   * @throws dev.mirrorflow.activities.registry.VpcNotRegisteredException when the VPC is not registered (or not active)
   * @throws TransientStepFunctionsException when Step Functions cannot list the running reconciles right now
   */
  public ScanDecision scan(PlanScanRequest request) {
    String prefix = request.vpcId() + "-";
    Optional<String> reconciling = running.of(request.reconcileStateMachineArn(), request.vpcId()).stream()
        .map(RunningReconcile::name).findFirst();
    if (reconciling.isPresent()) {
      return new ScanDecision(ScanDecision.ALREADY_RECONCILING, request.cluster(), request.vpcId(), reconciling.get(),
          null, null, null, null);
    }
    PlanVpcResult plan = planner.plan(new PlanVpcRequest(request.cluster(), request.vpcId(), null, false));
    if (!plan.hasWork()) {
      return new ScanDecision(ScanDecision.NONE, request.cluster(), request.vpcId(), null, null, null, null,
          plan.totals());
    }
    List<String> subnets = plan.subnets().stream().map(PlanVpcResult.SubnetWork::subnetId).toList();
    // Execution names take letters, digits, '-' and '_' here: whatever else the scan's own name has is replaced.
    String name = prefix + "scan-" + request.scanName().replaceAll("[^A-Za-z0-9_-]", "-");
    if (name.length() > MAX_EXECUTION_NAME) {
      name = name.substring(0, MAX_EXECUTION_NAME);
    }
    return new ScanDecision(ScanDecision.RECONCILE, request.cluster(), request.vpcId(), null, subnets, name,
        new ScanDecision.ReconcileInput(request.cluster(), request.vpcId(), subnets), plan.totals());
  }
}
