package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.plan.MirrorStateReader;
import dev.mirrorflow.activities.plan.PlanSubnetRequest;
import dev.mirrorflow.activities.plan.PlanSubnetResult;
import dev.mirrorflow.activities.plan.SubnetPlanner;
import java.time.Clock;

/** Step PlanSubnet: {@link PlanSubnetRequest} to {@link PlanSubnetResult} (see {@link SubnetPlanner}). */
public final class PlanSubnetHandler extends StepHandler<PlanSubnetRequest, PlanSubnetResult> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public PlanSubnetHandler() {
    this(Environment.fromSystem());
  }

  /** Real clients pointed at {@code env}, planning by the system clock. */
  public PlanSubnetHandler(Environment env) {
    this(env, Clock.systemUTC());
  }

  /** In the local cloud: real clients pointed at {@code env}, planning by the cloud's (maybe sped-up) clock. */
  public PlanSubnetHandler(Environment env, Clock clock) {
    this(Clients.ec2Accounts(env, clock), clock);
  }

  PlanSubnetHandler(Ec2Mirroring ec2, Clock clock) {
    this(Ec2Accounts.single(ec2), clock);
  }

  /** Plans each subnet in the VPC's account, which its config names. */
  PlanSubnetHandler(Ec2Accounts<Ec2Mirroring> ec2, Clock clock) {
    super(PlanSubnetRequest.class, request -> new SubnetPlanner(new MirrorStateReader(
        ec2.in(request.config() == null ? null : request.config().account()), clock, true), clock).plan(request));
  }
}
