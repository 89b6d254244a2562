package dev.mirrorflow.activities.session;

import dev.mirrorflow.activities.ec2.DeleteOutcome;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import java.util.HashMap;
import java.util.Map;

/**
 * Deletes a batch of owned sessions. It first reads the sessions on the batch's ENIs (one describe
 * call) and deletes only those that still exist and still carry this cluster's ownership tag: a
 * batch retried after throttling spends no mutating calls on what an earlier attempt deleted, and a
 * session that is not ours is never touched, whatever the input says. "Not found" on delete is
 * success too. What an attempt deleted is counted even when a later item fails, since a retry will
 * see those sessions as gone. A throttled delete is paced within the invocation ({@link MutatingPacer}).
 */
public final class SessionDeleter {
  private final Ec2Mirroring ec2;
  private final EmbeddedMetrics metrics;
  private final MutatingPacer pacer;

  public SessionDeleter(Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    this(ec2, metrics, MutatingPacer.unpaced());
  }

  /** Paces its deletes with {@code pacer} once EC2 throttles them. */
  public SessionDeleter(Ec2Mirroring ec2, EmbeddedMetrics metrics, MutatingPacer pacer) {
    this.ec2 = ec2;
    this.metrics = metrics;
    this.pacer = pacer;
  }

  public DeleteBatchResult delete(DeleteBatch batch) {
    Map<String, MirrorSession> existing = new HashMap<>();
    ec2.sessionsOn(batch.items().stream().map(DeleteBatch.DeleteItem::eniId).distinct().toList())
        .forEach(s -> existing.put(s.sessionId(), s));
    int deleted = 0;
    int gone = 0;
    int notOwned = 0;
    try {
      for (DeleteBatch.DeleteItem item : batch.items()) {
        MirrorSession session = existing.get(item.sessionId());
        if (session == null) {
          gone++;
        } else if (!session.ownedBy(batch.cluster())) {
          notOwned++;
        } else if (pacer.call(() -> ec2.deleteSession(item.sessionId())) == DeleteOutcome.DELETED) {
          deleted++;
        } else {
          gone++;
        }
      }
    } finally {
      metrics.emit(batch.cluster(), batch.vpcId(), Map.of(EmbeddedMetrics.SESSIONS_DELETED, deleted));
    }
    return new DeleteBatchResult(batch.subnetId(), deleted, gone, notOwned);
  }
}
