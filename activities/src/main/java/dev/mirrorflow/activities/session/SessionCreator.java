package dev.mirrorflow.activities.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.ec2.CreateOutcome;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Ec2RejectedException;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.NewSession;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.session.CreateBatchResult.ItemFailure;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Creates a batch of sessions, one call each, in order. It first reads the sessions on the batch's
 * ENIs (one describe call, from the larger describe budget) and skips the ENIs that already carry
 * the owned session it would create: so a batch the state machine retries after throttling spends
 * EC2's small mutating budget (about 50 burst, 5/s) only on what is still missing, and the client
 * token covers a create whose response was lost. Per-ENI refusals become results; {@code
 * NetworkInterfaceNotSupported} is remembered on the ENI. A transient failure ends the attempt with
 * {@link TransientEc2Exception}. Metrics are emitted only by an attempt that finishes.
 *
 * <p>Right before its first create, a batch checks that the VPC is still active (its schedule rule
 * ENABLED); when remove-vpc has closed that gate, the batch creates nothing and reports its items as
 * {@code vpcInactive}. remove-vpc waits longer than this step's timeout after closing the gate, so a
 * batch that passed the check before has finished when the purge looks.
 */
public final class SessionCreator {
  static final String NOT_SUPPORTED = "NetworkInterfaceNotSupported";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VpcRegistry registry;
  private final Ec2Mirroring ec2;
  private final EmbeddedMetrics metrics;
  private final PrintStream log;

  /** Logs refusals to standard output, where Lambda sends them to CloudWatch Logs. */
  public SessionCreator(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    this(registry, ec2, metrics, System.out);
  }

  public SessionCreator(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics, PrintStream log) {
    this.registry = registry;
    this.ec2 = ec2;
    this.metrics = metrics;
    this.log = log;
  }

  public CreateBatchResult create(CreateBatch batch) {
    int created = 0;
    Map<String, Integer> failed = new TreeMap<>();
    List<ItemFailure> failures = new ArrayList<>();
    List<MirrorSession> existing = ec2.sessionsOn(batch.items().stream().map(CreateBatch.CreateItem::eniId).toList());
    List<CreateBatch.CreateItem> missing = new ArrayList<>();
    for (CreateBatch.CreateItem item : batch.items()) {
      if (existing.stream().anyMatch(s -> isWanted(batch, item, s))) {
        created++;
      } else {
        missing.add(item);
      }
    }
    if (!missing.isEmpty() && !registry.isActive(batch.cluster(), batch.vpcId())) {
      log.println(JSON.createObjectNode().put("level", "INFO").put("event", "VpcInactive")
          .put("cluster", batch.cluster()).put("vpcId", batch.vpcId()).put("subnetId", batch.subnetId())
          .put("notCreated", missing.size()).toString());
      return new CreateBatchResult(batch.subnetId(), created, Map.of(), List.of(), missing.size());
    }
    for (CreateBatch.CreateItem item : missing) {
      CreateOutcome outcome = ec2.createSession(new NewSession(
          batch.cluster(), batch.vpcId(), batch.subnetId(), item.eniId(), batch.targetId(), batch.filterId(),
          item.sessionNumber(), batch.virtualNetworkId(), batch.packetLength(), item.clientToken()));
      if (outcome.isCreated() || madeByAConcurrentRun(batch, item, outcome)) {
        created++;
        continue;
      }
      String message = outcome.message();
      if (NOT_SUPPORTED.equals(outcome.errorCode())) {
        try {
          ec2.markMirroringUnsupported(item.eniId(), item.instanceType());
        } catch (Ec2RejectedException e) {
          // Not remembering only costs one refused create per reconcile; say so, do not fail the batch.
          message = message + " (not remembered on the ENI: " + e.getMessage() + ")";
        }
      }
      failed.merge(outcome.errorCode(), 1, Integer::sum);
      failures.add(new ItemFailure(item.eniId(), outcome.errorCode()));
      log.println(refusalLine(batch, item.eniId(), outcome.errorCode(), message));
    }
    metrics.emit(batch.cluster(), batch.vpcId(), Map.of(
        EmbeddedMetrics.SESSIONS_CREATED, created, EmbeddedMetrics.SESSION_FAILURES, failures.size()));
    return new CreateBatchResult(batch.subnetId(), created, failed, failures);
  }

  /**
   * A create refused because the ENI's session number is taken: done, if the session holding it is
   * the one this item wants (a concurrent run, planned in another minute, made it with its own token).
   */
  private boolean madeByAConcurrentRun(CreateBatch batch, CreateBatch.CreateItem item, CreateOutcome outcome) {
    return Ec2Mirroring.SESSION_NUMBER_IN_USE.equals(outcome.errorCode())
        && ec2.sessionsOn(List.of(item.eniId())).stream().anyMatch(s -> isWanted(batch, item, s));
  }

  /** Whether {@code s} is the session this item would create (made by an earlier attempt, or a concurrent run). */
  private static boolean isWanted(CreateBatch batch, CreateBatch.CreateItem item, MirrorSession s) {
    return s.eniId().equals(item.eniId())
        && s.ownedBy(batch.cluster())
        && s.sessionNumber() == item.sessionNumber()
        && batch.targetId().equals(s.targetId())
        && batch.filterId().equals(s.filterId())
        && (batch.virtualNetworkId() == null || batch.virtualNetworkId().equals(s.virtualNetworkId()))
        && Objects.equals(batch.packetLength(), s.packetLength());
  }

  /** One JSON log line per refused ENI, with EC2's message, for CloudWatch Logs Insights. */
  private static String refusalLine(CreateBatch batch, String eniId, String code, String message) {
    var line = JSON.createObjectNode()
        .put("level", "WARN").put("event", "SessionRefused").put("cluster", batch.cluster())
        .put("vpcId", batch.vpcId()).put("subnetId", batch.subnetId()).put("eniId", eniId)
        .put("error", code).put("message", message);
    return line.toString();
  }
}
