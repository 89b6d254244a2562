package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.summary.PermanentRefusals;
import dev.mirrorflow.activities.summary.ReconcileSummarizer;
import dev.mirrorflow.activities.summary.ReconcileSummary;
import dev.mirrorflow.activities.summary.SummarizeRequest;

/**
 * Step Summarize: {@link SummarizeRequest} to {@link ReconcileSummary}; calls no AWS service, and
 * emits what needs a person ({@link PermanentRefusals}) for the cluster's alarms.
 */
public final class SummarizeHandler extends StepHandler<SummarizeRequest, ReconcileSummary> {

  public SummarizeHandler() {
    this(EmbeddedMetrics.toStdout());
  }

  /** In the local cloud; the environment is not needed. */
  public SummarizeHandler(Environment env) {
    this();
  }

  SummarizeHandler(EmbeddedMetrics metrics) {
    super(SummarizeRequest.class, request -> {
      ReconcileSummary summary = new ReconcileSummarizer().summarize(request);
      metrics.emitWithClusterTotal(summary.cluster(), summary.vpcId(), PermanentRefusals.of(summary));
      return summary;
    });
  }
}
