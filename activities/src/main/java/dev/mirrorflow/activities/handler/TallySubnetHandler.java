package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.summary.ReconcileSummarizer;
import dev.mirrorflow.activities.summary.SummarizeRequest;
import dev.mirrorflow.activities.summary.TallySubnetRequest;

/** Step TallySubnet: {@link TallySubnetRequest} to {@code {"subnetId","tally"}}; calls no AWS service. */
public final class TallySubnetHandler extends StepHandler<TallySubnetRequest, SummarizeRequest.SubnetOutcome> {

  public TallySubnetHandler() {
    super(TallySubnetRequest.class, new ReconcileSummarizer()::tallySubnet);
  }

  /** In the local cloud; the environment is not needed. */
  public TallySubnetHandler(Environment env) {
    this();
  }
}
