package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.plan.MirrorStateReader;
import dev.mirrorflow.activities.plan.VpcPlanner;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.scan.RunningReconciles;
import dev.mirrorflow.activities.scan.ScanDecision;
import dev.mirrorflow.activities.scan.PlanScanRequest;
import dev.mirrorflow.activities.scan.VpcScanner;

/** Step PlanScan: {@link PlanScanRequest} to {@link ScanDecision} (see {@link VpcScanner}). */
public final class PlanScanHandler extends StepHandler<PlanScanRequest, ScanDecision> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public PlanScanHandler() {
    this(Environment.fromSystem());
  }

  /** In the local cloud: real clients pointed at {@code env}. */
  public PlanScanHandler(Environment env) {
    this(Clients.runningReconciles(env), Clients.registry(env), Clients.ec2Accounts(env), EmbeddedMetrics.toStdout(), AllowedMirrorResources.fromEnvironment(env));
  }

  PlanScanHandler(RunningReconciles running, VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    this(running, registry, ec2, metrics, AllowedMirrorResources.any());
  }

  PlanScanHandler(RunningReconciles running, VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics,
      AllowedMirrorResources allowed) {
    this(running, registry, Ec2Accounts.single(ec2), metrics, allowed);
  }

  /** Plans each VPC in its account, which its registration names. */
  PlanScanHandler(RunningReconciles running, VpcRegistry registry, Ec2Accounts<Ec2Mirroring> ec2, EmbeddedMetrics metrics,
      AllowedMirrorResources allowed) {
    super(PlanScanRequest.class, new VpcScanner(running,
        new VpcPlanner(registry, account -> new MirrorStateReader(ec2.in(account)), metrics, allowed))::scan);
  }
}
