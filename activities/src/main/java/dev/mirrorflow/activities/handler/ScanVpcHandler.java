package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.plan.MirrorStateReader;
import dev.mirrorflow.activities.plan.VpcPlanner;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.scan.ScanDecision;
import dev.mirrorflow.activities.scan.ScanVpcRequest;
import dev.mirrorflow.activities.scan.VpcScanner;

/** Step ScanVpc: {@link ScanVpcRequest} to {@link ScanDecision} (see {@link VpcScanner}). */
public final class ScanVpcHandler extends StepHandler<ScanVpcRequest, ScanDecision> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public ScanVpcHandler() {
    this(Environment.fromSystem());
  }

  /** In the local cloud: real clients pointed at {@code env}. */
  public ScanVpcHandler(Environment env) {
    this(Clients.registry(env), Clients.ec2(env), EmbeddedMetrics.toStdout());
  }

  ScanVpcHandler(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    super(ScanVpcRequest.class,
        new VpcScanner(new VpcPlanner(registry, new MirrorStateReader(ec2), metrics))::scan);
  }
}
