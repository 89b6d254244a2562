package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.ec2.ClientTokens;
import dev.mirrorflow.activities.ec2.NewSession;
import dev.mirrorflow.activities.plan.SessionPlan.SessionToCreate;
import dev.mirrorflow.activities.plan.SessionPlan.SessionToDelete;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.DeleteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The PlanSubnet step: reads one subnet fresh, plans it, and cuts at most {@link #MAX_ACTIONS}
 * actions (deletes first) into batches of {@link #BATCH_SIZE}. When more is left it asks for
 * another round, at most {@link #MAX_ROUNDS} rounds and only while the last round made progress,
 * so a subnet whose creates keep being refused cannot loop.
 */
public final class SubnetPlanner {
  /** Actions per round: keeps the round's state (batches and their results) far below 256 KiB. */
  public static final int MAX_ACTIONS = 500;
  /** Calls per Lambda invocation: small enough that a throttled, retried batch redoes little. */
  public static final int BATCH_SIZE = 20;
  /** Rounds per subnet and reconcile; what is left waits for the next scheduled reconcile. */
  public static final int MAX_ROUNDS = 20;

  private final MirrorStateReader reader;
  private final Clock clock;

  public SubnetPlanner(MirrorStateReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  public PlanSubnetResult plan(PlanSubnetRequest request) {
    boolean firstRound = request.tally().rounds() == 0;
    SubnetTally before = request.tally();
    SubnetTally tally = before.plus(request.createResults(), request.deleteResults());
    boolean progressed = firstRound || tally.created() + tally.deleted() > before.created() + before.deleted();
    tally = new SubnetTally(before.rounds() + 1, tally.created(), tally.deleted(), tally.failed());

    VpcMirroringConfig config = request.config();
    SessionPlan plan;
    if (request.purge()) {
      MirrorStateReader.Snapshot snapshot = reader.readForPurge(request.vpcId(), List.of(request.subnetId()));
      plan = new SessionPlanner(request.cluster()).purge(snapshot.enis(), snapshot.sessions());
    } else {
      MirrorStateReader.Snapshot snapshot = reader.read(request.vpcId(), List.of(request.subnetId()), config);
      plan = new SessionPlanner(request.cluster()).plan(config, snapshot.enis(), snapshot.sessions());
    }

    List<SessionToDelete> deletes = plan.deletes().stream()
        .filter(d -> request.subnetId().equals(d.subnetId())).limit(MAX_ACTIONS).toList();
    List<SessionToCreate> creates = plan.creates().stream()
        .filter(c -> request.subnetId().equals(c.subnetId())).limit(MAX_ACTIONS - deletes.size()).toList();
    long total = plan.deletes().stream().filter(d -> request.subnetId().equals(d.subnetId())).count()
        + plan.creates().stream().filter(c -> request.subnetId().equals(c.subnetId())).count();
    int remaining = (int) (total - deletes.size() - creates.size());
    boolean hasMore = remaining > 0 && progressed && tally.rounds() < MAX_ROUNDS;

    return new PlanSubnetResult(request.cluster(), request.vpcId(), request.subnetId(), config, tally,
        deleteBatches(request, deletes), createBatches(request, creates), remaining, hasMore, request.purge());
  }

  private static List<DeleteBatch> deleteBatches(PlanSubnetRequest request, List<SessionToDelete> deletes) {
    List<DeleteBatch> batches = new ArrayList<>();
    for (List<SessionToDelete> chunk : chunks(deletes)) {
      batches.add(new DeleteBatch(request.cluster(), request.vpcId(), request.subnetId(),
          chunk.stream().map(d -> new DeleteBatch.DeleteItem(d.sessionId(), d.eniId())).toList()));
    }
    return batches;
  }

  private List<CreateBatch> createBatches(PlanSubnetRequest request, List<SessionToCreate> creates) {
    VpcMirroringConfig config = request.config();
    Instant plannedAt = clock.instant();
    List<CreateBatch> batches = new ArrayList<>();
    for (List<SessionToCreate> chunk : chunks(creates)) {
      List<CreateBatch.CreateItem> items = chunk.stream().map(c -> new CreateBatch.CreateItem(
          c.eniId(), c.sessionNumber(),
          ClientTokens.forSession(new NewSession(request.cluster(), request.vpcId(), request.subnetId(), c.eniId(),
              config.targetId(), config.filterId(), c.sessionNumber(), config.virtualNetworkId(),
              config.packetLength(), null), plannedAt),
          c.instanceType())).toList();
      batches.add(new CreateBatch(request.cluster(), request.vpcId(), request.subnetId(), config.targetId(),
          config.filterId(), config.virtualNetworkId(), config.packetLength(), items));
    }
    return batches;
  }

  private static <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> result = new ArrayList<>();
    for (int i = 0; i < items.size(); i += BATCH_SIZE) {
      result.add(items.subList(i, Math.min(items.size(), i + BATCH_SIZE)));
    }
    return result;
  }
}
