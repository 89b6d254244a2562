package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.session.DeleteBatch;
import dev.mirrorflow.activities.session.DeleteBatchResult;
import dev.mirrorflow.activities.session.SessionDeleter;
import java.time.Clock;

/** Step DeleteSessions: {@link DeleteBatch} to {@link DeleteBatchResult} (see {@link SessionDeleter}). */
public final class DeleteSessionsHandler extends StepHandler<DeleteBatch, DeleteBatchResult> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public DeleteSessionsHandler() {
    this(Environment.fromSystem());
  }

  /** In the local cloud: real clients pointed at {@code env}. */
  public DeleteSessionsHandler(Environment env) {
    this(env, Clock.systemUTC());
  }

  /** In the local cloud: its describe budget waits on the cloud's (maybe sped-up) clock. */
  public DeleteSessionsHandler(Environment env, Clock clock) {
    this(Clients.ec2Accounts(env, clock), EmbeddedMetrics.toStdout());
  }

  DeleteSessionsHandler(Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    super(DeleteBatch.class, new SessionDeleter(ec2, metrics)::delete);
  }

  /** Deletes each batch in the account the batch names (the VPC's), pacing throttled deletes within the invocation's time. */
  DeleteSessionsHandler(Ec2Accounts<Ec2Mirroring> ec2, EmbeddedMetrics metrics) {
    super(DeleteBatch.class, (batch, context) ->
        new SessionDeleter(ec2.in(batch.account()), metrics, CreateSessionsHandler.pacer(context)).delete(batch));
  }
}
