package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.plan.MirrorStateReader;
import dev.mirrorflow.activities.plan.PlanVpcRequest;
import dev.mirrorflow.activities.plan.PlanVpcResult;
import dev.mirrorflow.activities.plan.VpcPlanner;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.scan.ReconcileTurns;
import dev.mirrorflow.activities.scan.RunningReconciles;
import dev.mirrorflow.activities.scan.TurnWait;
import dev.mirrorflow.activities.scan.VpcPlanInTurn;
import java.time.Clock;

/**
 * Step PlanVpc: {@link PlanVpcRequest} to {@link PlanVpcResult} (see {@link VpcPlanner}), or to a
 * {@link TurnWait} while an earlier reconcile of the VPC runs (see {@link VpcPlanInTurn}).
 */
public final class PlanVpcHandler extends StepHandler<PlanVpcRequest, Object> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public PlanVpcHandler() {
    this(Environment.fromSystem());
  }

  /** Real clients pointed at {@code env}. */
  public PlanVpcHandler(Environment env) {
    this(env, Clock.systemUTC());
  }

  /** In the local cloud: real clients pointed at {@code env}, and its clock (a reconcile's start time is on it). */
  public PlanVpcHandler(Environment env, Clock clock) {
    this(Clients.runningReconciles(env), Clients.registry(env), Clients.ec2Accounts(env), EmbeddedMetrics.toStdout(),
        AllowedMirrorResources.fromEnvironment(env), clock);
  }

  PlanVpcHandler(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    this(registry, ec2, metrics, AllowedMirrorResources.any());
  }

  PlanVpcHandler(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics, AllowedMirrorResources allowed) {
    this(RunningReconciles.none(), registry, Ec2Accounts.single(ec2), metrics, allowed, Clock.systemUTC());
  }

  PlanVpcHandler(VpcRegistry registry, Ec2Accounts<Ec2Mirroring> ec2, EmbeddedMetrics metrics,
      AllowedMirrorResources allowed) {
    this(RunningReconciles.none(), registry, ec2, metrics, allowed, Clock.systemUTC());
  }

  PlanVpcHandler(RunningReconciles running, VpcRegistry registry, Ec2Accounts<Ec2Mirroring> ec2,
      EmbeddedMetrics metrics, AllowedMirrorResources allowed, Clock clock) {
    super(PlanVpcRequest.class, new VpcPlanInTurn(new ReconcileTurns(running, clock),
        new VpcPlanner(registry, account -> new MirrorStateReader(ec2.in(account)), metrics, allowed))::plan);
  }
}
