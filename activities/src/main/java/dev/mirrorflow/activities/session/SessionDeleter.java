package dev.mirrorflow.activities.session;

import dev.mirrorflow.activities.ec2.DeleteOutcome;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import java.util.Map;

/**
 * Deletes a batch of owned sessions, one call each. "Not found" is success, so a batch retried after
 * a transient failure only re-asks for the sessions already gone (one cheap call each). What an
 * attempt deleted is counted even when a later item fails, since a retry will see those as gone.
 */
public final class SessionDeleter {
  private final Ec2Mirroring ec2;
  private final EmbeddedMetrics metrics;

  public SessionDeleter(Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    this.ec2 = ec2;
    this.metrics = metrics;
  }

  public DeleteBatchResult delete(DeleteBatch batch) {
    int deleted = 0;
    int gone = 0;
    try {
      for (DeleteBatch.DeleteItem item : batch.items()) {
        if (ec2.deleteSession(item.sessionId()) == DeleteOutcome.DELETED) {
          deleted++;
        } else {
          gone++;
        }
      }
    } finally {
      metrics.emit(batch.cluster(), batch.vpcId(), Map.of(EmbeddedMetrics.SESSIONS_DELETED, deleted));
    }
    return new DeleteBatchResult(batch.subnetId(), deleted, gone);
  }
}
