package dev.mirrorflow.activities.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.guard.AllowlistedCreates;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.CreateBatchResult;
import dev.mirrorflow.activities.session.MutatingPacer;
import dev.mirrorflow.activities.session.SessionCreator;
import java.time.Clock;

/** Step CreateSessions: {@link CreateBatch} to {@link CreateBatchResult} (see {@link SessionCreator}). */
public final class CreateSessionsHandler extends StepHandler<CreateBatch, CreateBatchResult> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public CreateSessionsHandler() {
    this(Environment.fromSystem());
  }

  /** In the local cloud: real clients pointed at {@code env}. */
  public CreateSessionsHandler(Environment env) {
    this(env, Clock.systemUTC());
  }

  /** In the local cloud: its describe budget waits on the cloud's (maybe sped-up) clock. */
  public CreateSessionsHandler(Environment env, Clock clock) {
    this(Clients.registry(env), Clients.ec2Accounts(env, clock), EmbeddedMetrics.toStdout(), AllowedMirrorResources.fromEnvironment(env));
  }

  CreateSessionsHandler(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    this(registry, ec2, metrics, AllowedMirrorResources.any());
  }

  CreateSessionsHandler(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics, AllowedMirrorResources allowed) {
    this(registry, Ec2Accounts.single(ec2), metrics, allowed);
  }

  CreateSessionsHandler(VpcRegistry registry, Ec2Accounts<Ec2Mirroring> ec2, EmbeddedMetrics metrics) {
    this(registry, ec2, metrics, AllowedMirrorResources.any());
  }

  /**
   * Creates each batch in the account the batch names (the VPC's), once the allowlist lets it, pacing
   * throttled creates within the invocation's remaining time.
   */
  CreateSessionsHandler(VpcRegistry registry, Ec2Accounts<Ec2Mirroring> ec2, EmbeddedMetrics metrics,
      AllowedMirrorResources allowed) {
    super(CreateBatch.class, (input, context) -> new AllowlistedCreates(allowed,
        batch -> new SessionCreator(registry, ec2.in(batch.account()), metrics, System.out, Clock.systemUTC(),
            pacer(context)).create(batch), System.out).apply(input));
  }

  /** Paces within the invocation's remaining time; unpaced when there is no Lambda context (unit tests). */
  static MutatingPacer pacer(Context context) {
    return context == null ? MutatingPacer.unpaced() : MutatingPacer.within(context::getRemainingTimeInMillis);
  }
}
