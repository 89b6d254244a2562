package dev.mirrorflow.activities.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.ec2.CreateOutcome;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Ec2RejectedException;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.NewSession;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.eni.InstanceTypeSupport;
import dev.mirrorflow.activities.eni.RefusalMemory;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.session.CreateBatchResult.ItemFailure;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Creates a batch of sessions, one call each, in order. It first reads the sessions on the batch's
 * ENIs (one describe call, from the larger describe budget) and skips the ENIs that already carry
 * the owned session it would create: so a batch the state machine retries after throttling spends
 * EC2's small mutating budget (about 50 burst, 5/s) only on what is still missing, and the client
 * token covers a create whose response was lost. A throttled create is paced within the invocation
 * ({@link MutatingPacer}); a transient failure it cannot wait out ends the attempt with {@link
 * TransientEc2Exception}. Metrics are emitted only by an attempt that finishes.
 *
 * <p>{@code created} counts only the sessions this batch made: each carries its item's client token as a
 * tag ({@link MirrorTags#CLIENT_TOKEN}), so a session an earlier attempt of the batch made is counted
 * once, and one a concurrent run made (another plan, another token) is left to that run's count.
 *
 * <p>Every other refusal is its ENI's outcome, counted by EC2's error code, and the rest of the batch
 * goes on. Refusals that will repeat are remembered in ENI tags (see {@link RefusalMemory}), in one
 * call per kind: {@code NetworkInterfaceNotSupported} for the instance type (the batch's other ENIs of
 * that type are not tried), and the account's session quota or the target's sources (the rest of the
 * batch, which shares the target and the account, is not tried).
 *
 * <p>Right before its first create, a batch checks that the VPC is still active (its schedule rule
 * ENABLED); when remove-vpc has closed that gate, the batch creates nothing and reports its items as
 * {@code vpcInactive}. remove-vpc waits longer than this step's timeout after closing the gate, so a
 * batch that passed the check before has finished when the purge looks.
 */
public final class SessionCreator {
  static final String NOT_SUPPORTED = RefusalMemory.NOT_SUPPORTED;
  /** EC2's code for a bad parameter; on a create, also what a session number already taken gets. */
  static final String INVALID_PARAMETER = "InvalidParameterValue";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VpcRegistry registry;
  private final Ec2Mirroring ec2;
  private final EmbeddedMetrics metrics;
  private final PrintStream log;
  private final Clock clock;
  private final MutatingPacer pacer;

  /** Logs refusals to standard output, where Lambda sends them to CloudWatch Logs. */
  public SessionCreator(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics) {
    this(registry, ec2, metrics, System.out);
  }

  public SessionCreator(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics, PrintStream log) {
    this(registry, ec2, metrics, log, Clock.systemUTC());
  }

  public SessionCreator(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics, PrintStream log, Clock clock) {
    this(registry, ec2, metrics, log, clock, MutatingPacer.unpaced());
  }

  /** Paces its creates with {@code pacer} once EC2 throttles them (see {@link MutatingPacer}). */
  public SessionCreator(VpcRegistry registry, Ec2Mirroring ec2, EmbeddedMetrics metrics, PrintStream log, Clock clock,
      MutatingPacer pacer) {
    this.pacer = pacer;
    this.registry = registry;
    this.ec2 = ec2;
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
  }

  public CreateBatchResult create(CreateBatch batch) {
    int created = 0;
    int madeByAnotherRun = 0;
    Map<String, Integer> failed = new TreeMap<>();
    List<ItemFailure> failures = new ArrayList<>();
    List<MirrorSession> existing = ec2.sessionsOn(batch.items().stream().map(CreateBatch.CreateItem::eniId).toList());
    List<CreateBatch.CreateItem> missing = new ArrayList<>();
    for (CreateBatch.CreateItem item : batch.items()) {
      List<MirrorSession> wanted = existing.stream().filter(s -> isWanted(batch, item, s)).toList();
      if (wanted.isEmpty()) {
        missing.add(item);
      } else if (wanted.stream().anyMatch(s -> madeWithToken(s, item))) {
        created++;
      } else {
        madeByAnotherRun++;
      }
    }
    if (!missing.isEmpty() && !registry.isActive(batch.cluster(), batch.vpcId())) {
      log.println(JSON.createObjectNode().put("level", "INFO").put("event", "VpcInactive")
          .put("cluster", batch.cluster()).put("vpcId", batch.vpcId()).put("subnetId", batch.subnetId())
          .put("notCreated", missing.size()).toString());
      return new CreateBatchResult(batch.subnetId(), created, Map.of(), List.of(), missing.size(), madeByAnotherRun);
    }
    Map<String, List<String>> unsupportedByType = new LinkedHashMap<>();
    Map<String, List<String>> repeatingByCode = new LinkedHashMap<>();
    String stoppedBy = null;
    for (CreateBatch.CreateItem item : missing) {
      String type = item.instanceType() == null ? RefusalMemory.UNKNOWN_TYPE : item.instanceType();
      String code;
      String message;
      if (stoppedBy != null) {
        code = stoppedBy;
        message = "not tried: EC2 answered " + stoppedBy + " for another ENI of this batch";
      } else if (item.instanceType() != null && unsupportedByType.containsKey(type)
          && InstanceTypeSupport.verdict(type) != InstanceTypeSupport.Verdict.SUPPORTED) {
        code = NOT_SUPPORTED;
        message = "not tried: EC2 answered " + NOT_SUPPORTED + " for another " + type + " ENI of this batch";
      } else {
        NewSession session = new NewSession(
            batch.cluster(), batch.vpcId(), batch.subnetId(), item.eniId(), batch.targetId(), batch.filterId(),
            item.sessionNumber(), batch.virtualNetworkId(), batch.packetLength(), item.clientToken());
        CreateOutcome outcome = paced(batch, () -> ec2.createSession(session));
        if (outcome.isCreated()) {
          created++;
          continue;
        }
        if (madeByAConcurrentRun(batch, item, outcome)) {
          madeByAnotherRun++;
          continue;
        }
        code = outcome.errorCode();
        message = outcome.message();
      }
      if (NOT_SUPPORTED.equals(code)) {
        unsupportedByType.computeIfAbsent(type, k -> new ArrayList<>()).add(item.eniId());
      } else if (RefusalMemory.REPEATING_CODES.contains(code)) {
        repeatingByCode.computeIfAbsent(code, k -> new ArrayList<>()).add(item.eniId());
        stoppedBy = code;
      }
      failed.merge(code, 1, Integer::sum);
      failures.add(new ItemFailure(item.eniId(), code));
      log.println(refusalLine(batch, item.eniId(), code, message));
    }
    logPacing(batch, "finished");
    Instant now = clock.instant();
    unsupportedByType.forEach((type, enis) ->
        remember(batch, enis, MirrorTags.MIRRORING_UNSUPPORTED, new RefusalMemory.Entry(type, now)));
    repeatingByCode.forEach((code, enis) ->
        remember(batch, enis, MirrorTags.REFUSED, new RefusalMemory.Entry(code, now)));
    metrics.emit(batch.cluster(), batch.vpcId(), Map.of(
        EmbeddedMetrics.SESSIONS_CREATED, created, EmbeddedMetrics.SESSION_FAILURES, failures.size()));
    return new CreateBatchResult(batch.subnetId(), created, failed, failures, 0, madeByAnotherRun);
  }

  /** One paced create; a batch that ran out of time to wait says how far its pacing went before it fails. */
  private CreateOutcome paced(CreateBatch batch, java.util.function.Supplier<CreateOutcome> create) {
    try {
      return pacer.call(create);
    } catch (TransientEc2Exception e) {
      logPacing(batch, "gaveUp");
      throw e;
    }
  }

  private void logPacing(CreateBatch batch, String outcome) {
    if (pacer.throttled() > 0) {
      log.println(JSON.createObjectNode().put("level", "INFO").put("event", "MutatingCallsPaced")
          .put("cluster", batch.cluster()).put("vpcId", batch.vpcId()).put("subnetId", batch.subnetId())
          .put("throttled", pacer.throttled()).put("waitedMillis", pacer.waited().toMillis())
          .put("outcome", outcome).toString());
    }
  }

  /** Tags the refused ENIs; not remembering only costs a refused create on the next reconcile, so it never fails the batch. */
  private void remember(CreateBatch batch, List<String> enis, String key, RefusalMemory.Entry entry) {
    try {
      ec2.tagNetworkInterfaces(enis, key, entry.value());
    } catch (Ec2RejectedException | TransientEc2Exception e) {
      log.println(JSON.createObjectNode().put("level", "WARN").put("event", "RefusalNotRemembered")
          .put("cluster", batch.cluster()).put("vpcId", batch.vpcId()).put("subnetId", batch.subnetId())
          .put("tag", key).put("value", entry.value()).put("enis", enis.size()).put("message", e.getMessage())
          .toString());
    }
  }

  /**
   * A create refused with {@code InvalidParameterValue}, which is also EC2's answer when the ENI's
   * session number is taken: done, if the session now on the ENI is the one this item wants (a
   * concurrent run made it with its own token, so that run counts it, not this one). Decided by what
   * exists, never by the message's wording.
   */
  private boolean madeByAConcurrentRun(CreateBatch batch, CreateBatch.CreateItem item, CreateOutcome outcome) {
    return INVALID_PARAMETER.equals(outcome.errorCode())
        && ec2.sessionsOn(List.of(item.eniId())).stream().anyMatch(s -> isWanted(batch, item, s));
  }

  /** Whether {@code s} was created with this item's client token: by this batch, in this attempt or an earlier one. */
  private static boolean madeWithToken(MirrorSession s, CreateBatch.CreateItem item) {
    return item.clientToken() != null && item.clientToken().equals(s.tags().get(MirrorTags.CLIENT_TOKEN));
  }

  /** Whether {@code s} is the session this item would create (made by an earlier attempt, or a concurrent run). */
  private static boolean isWanted(CreateBatch batch, CreateBatch.CreateItem item, MirrorSession s) {
    return s.eniId().equals(item.eniId())
        && s.ownedBy(batch.cluster())
        && s.sessionNumber() == item.sessionNumber()
        && batch.targetId().equals(s.targetId())
        && batch.filterId().equals(s.filterId())
        && (batch.virtualNetworkId() == null || batch.virtualNetworkId().equals(s.virtualNetworkId()))
        && Objects.equals(batch.readBackPacketLength(), s.packetLength());
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
