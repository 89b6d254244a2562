package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.summary.ReconcileSummarizer;
import dev.mirrorflow.activities.summary.ReconcileSummary;
import dev.mirrorflow.activities.summary.SummarizeRequest;

/** Step Summarize: {@link SummarizeRequest} to {@link ReconcileSummary}; calls no AWS service. */
public final class SummarizeHandler extends StepHandler<SummarizeRequest, ReconcileSummary> {

  public SummarizeHandler() {
    super(SummarizeRequest.class, new ReconcileSummarizer()::summarize);
  }

  /** In the local cloud; the environment is not needed. */
  public SummarizeHandler(Environment env) {
    this();
  }
}
