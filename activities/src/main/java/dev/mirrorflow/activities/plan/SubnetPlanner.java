package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.ec2.ClientTokens;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.NewSession;
import dev.mirrorflow.activities.eni.InstanceTypeSupport;
import dev.mirrorflow.activities.plan.SessionPlan.SessionToCreate;
import dev.mirrorflow.activities.plan.SessionPlan.SessionToDelete;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.DeleteBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PlanSubnet step: reads one subnet fresh, plans it, and cuts at most {@link #MAX_ACTIONS}
 * actions (deletes first) into batches of {@link #BATCH_SIZE}. When more is left it asks for
 * another round, at most {@link #MAX_ROUNDS} rounds and only while the last round made progress,
 * so a subnet whose creates keep being refused cannot loop.
 *
 * <p>An instance type the documentation does not name, and that no ENI of the subnet carries a session
 * on yet, is probed: one of its ENIs is created this round, the others wait for the next round. If EC2
 * refuses it, that refusal is remembered for the type ({@code eni.RefusalMemory}) and the next plan
 * skips the type's other ENIs, so a fleet of an unsupported new type costs one refused call, not one
 * per ENI; if EC2 accepts it, the next round creates the rest (whether or not EC2 describes the probe's
 * session yet: a round after a probing round never probes again).
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
    // Sessions a concurrent run made are progress too (they are that run's to count, not this one's).
    boolean progressed = firstRound || before.probing()
        || tally.created() + tally.deleted() > before.created() + before.deleted()
        || request.createResults() != null && request.createResults().stream().anyMatch(r -> r.madeByAnotherRun() > 0);

    VpcMirroringConfig config = request.config();
    SessionPlan plan;
    MirrorStateReader.Snapshot snapshot;
    if (request.purge()) {
      snapshot = reader.readForPurge(request.vpcId(), List.of(request.subnetId()));
      plan = new SessionPlanner(request.cluster()).purge(snapshot.enis(), snapshot.sessions());
    } else {
      snapshot = reader.read(request.vpcId(), List.of(request.subnetId()), config);
      plan = new SessionPlanner(request.cluster())
          .plan(config, snapshot.enis(), snapshot.sessions(), snapshot.readBackPacketLength());
    }

    List<SessionToDelete> deletes = plan.deletes().stream()
        .filter(d -> request.subnetId().equals(d.subnetId())).limit(MAX_ACTIONS).toList();
    List<SessionToCreate> wanted = plan.creates().stream()
        .filter(c -> request.subnetId().equals(c.subnetId())).toList();
    // One probing round only: EC2 is eventually consistent, so the probe's session may not be described
    // yet in the next round, and probing again would stall the subnet on an accepted type. A refused
    // probe is remembered on the ENIs of its type (tags), so the next round skips that type anyway.
    List<SessionToCreate> probed = before.probing() ? wanted : probeUntriedTypes(snapshot, wanted);
    List<SessionToCreate> creates = probed.stream().limit(MAX_ACTIONS - deletes.size()).toList();
    tally = new SubnetTally(before.rounds() + 1, tally.created(), tally.deleted(), tally.failed(),
        probed.size() < wanted.size());
    long total = plan.deletes().stream().filter(d -> request.subnetId().equals(d.subnetId())).count()
        + plan.creates().stream().filter(c -> request.subnetId().equals(c.subnetId())).count();
    int remaining = (int) (total - deletes.size() - creates.size());
    boolean hasMore = remaining > 0 && progressed && tally.rounds() < MAX_ROUNDS;

    return new PlanSubnetResult(request.cluster(), request.vpcId(), request.subnetId(), config, tally,
        deleteBatches(request, deletes), createBatches(request, creates, snapshot.readBackPacketLength()),
        remaining, hasMore, request.purge());
  }

  /**
   * {@code creates} with at most one ENI of each instance type that is untried: not named by the
   * documentation ({@link InstanceTypeSupport.Verdict#UNKNOWN}) and with no session (ours or another's)
   * on any ENI of the type in the snapshot. The others of such a type wait for the next round.
   */
  static List<SessionToCreate> probeUntriedTypes(MirrorStateReader.Snapshot snapshot, List<SessionToCreate> creates) {
    Set<String> withSessions = snapshot.sessions().stream().map(MirrorSession::eniId).collect(Collectors.toSet());
    Set<String> provenTypes = snapshot.enis().stream()
        .filter(e -> e.instanceType() != null && withSessions.contains(e.eniId()))
        .map(e -> e.instanceType().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    Set<String> probing = new HashSet<>();
    List<SessionToCreate> result = new ArrayList<>();
    for (SessionToCreate c : creates) {
      String type = c.instanceType() == null ? null : c.instanceType().toLowerCase(Locale.ROOT);
      boolean untried = type != null && !provenTypes.contains(type)
          && InstanceTypeSupport.verdict(type) == InstanceTypeSupport.Verdict.UNKNOWN;
      if (!untried || probing.add(type)) {
        result.add(c);
      }
    }
    return result;
  }

  private static List<DeleteBatch> deleteBatches(PlanSubnetRequest request, List<SessionToDelete> deletes) {
    List<DeleteBatch> batches = new ArrayList<>();
    for (List<SessionToDelete> chunk : chunks(deletes)) {
      batches.add(new DeleteBatch(request.cluster(), request.vpcId(), request.subnetId(),
          chunk.stream().map(d -> new DeleteBatch.DeleteItem(d.sessionId(), d.eniId())).toList(),
          request.config() == null ? null : request.config().account()));
    }
    return batches;
  }

  private List<CreateBatch> createBatches(
      PlanSubnetRequest request, List<SessionToCreate> creates, Integer readBackPacketLength) {
    VpcMirroringConfig config = request.config();
    String planId = ClientTokens.newPlanId(clock.instant());
    List<CreateBatch> batches = new ArrayList<>();
    for (List<SessionToCreate> chunk : chunks(creates)) {
      List<CreateBatch.CreateItem> items = chunk.stream().map(c -> new CreateBatch.CreateItem(
          c.eniId(), c.sessionNumber(),
          ClientTokens.forSession(new NewSession(request.cluster(), request.vpcId(), request.subnetId(), c.eniId(),
              config.targetId(), config.filterId(), c.sessionNumber(), config.virtualNetworkId(),
              config.packetLength(), null), planId),
          c.instanceType())).toList();
      batches.add(new CreateBatch(request.cluster(), request.vpcId(), request.subnetId(), config.targetId(),
          config.filterId(), config.virtualNetworkId(), config.packetLength(), items, readBackPacketLength,
          config.account()));
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
