package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.eni.ClassifiedEni;
import dev.mirrorflow.activities.eni.SkipReason;
import dev.mirrorflow.activities.plan.SessionPlan.DeleteReason;
import dev.mirrorflow.activities.plan.SessionPlan.KeptSession;
import dev.mirrorflow.activities.plan.SessionPlan.SessionToCreate;
import dev.mirrorflow.activities.plan.SessionPlan.SessionToDelete;
import dev.mirrorflow.activities.plan.SessionPlan.SkippedEni;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The diff, a pure function: desired = one owned session per eligible ENI, matching the config;
 * actual = the sessions found on those ENIs. Only owned sessions are ever kept or deleted; foreign
 * sessions only take session numbers and slots. There is no "ENI gone" case: sessions are read for
 * the listed ENIs only, and EC2 deletes an ENI's sessions with the ENI ("Traffic Mirroring
 * considerations"), so a session of an ENI that is gone is EC2's to remove, not ours.
 */
public final class SessionPlanner {
  /** AWS's limit of sessions per source ENI (not adjustable). */
  public static final int SESSIONS_PER_ENI = 3;

  private final String cluster;

  public SessionPlanner(String cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /**
   * Plans one VPC, or the part of it that {@code enis} and {@code sessions} cover.
   *
   * @param config the VPC's mirroring config
   * @param enis every ENI of the planned scope, classified
   * @param sessions sessions found on those ENIs (duplicates allowed); a session of another ENI is ignored
   */
  public SessionPlan plan(VpcMirroringConfig config, List<ClassifiedEni> enis, List<MirrorSession> sessions) {
    return plan(config, enis, sessions, config.packetLength());
  }

  /**
   * Plans as {@link #plan(VpcMirroringConfig, List, List)}, where a session's packet length matches
   * when it is {@code readBackPacketLength}: what EC2 reports for a session created with the config
   * (with no packet length configured, a Network Load Balancer target's session reads back 8500).
   */
  public SessionPlan plan(
      VpcMirroringConfig config, List<ClassifiedEni> enis, List<MirrorSession> sessions, Integer readBackPacketLength) {
    Map<String, ClassifiedEni> enisById = new TreeMap<>();
    enis.forEach(e -> enisById.put(e.eniId(), e));
    Map<String, List<MirrorSession>> sessionsByEni = new TreeMap<>();
    Map<String, MirrorSession> unique = new LinkedHashMap<>();
    sessions.forEach(s -> unique.putIfAbsent(s.sessionId(), s));
    unique.values().forEach(s -> sessionsByEni.computeIfAbsent(s.eniId(), k -> new ArrayList<>()).add(s));

    List<SessionToCreate> creates = new ArrayList<>();
    List<SessionToDelete> deletes = new ArrayList<>();
    List<KeptSession> keeps = new ArrayList<>();
    List<SkippedEni> skipped = new ArrayList<>();

    for (ClassifiedEni eni : enisById.values()) {
      List<MirrorSession> onEni = sessionsByEni.getOrDefault(eni.eniId(), List.of());
      List<MirrorSession> owned = onEni.stream().filter(s -> s.ownedBy(cluster))
          .sorted(Comparator.comparing(MirrorSession::sessionId)).toList();
      List<MirrorSession> foreign = onEni.stream().filter(s -> !s.ownedBy(cluster)).toList();
      if (!eni.isEligible()) {
        skipped.add(new SkippedEni(eni.eniId(), eni.subnetId(), eni.skipReason()));
        owned.forEach(s -> deletes.add(delete(s, eni.subnetId(), DeleteReason.ENI_NOT_ELIGIBLE)));
        continue;
      }
      Set<Integer> foreignNumbers = foreign.stream().map(MirrorSession::sessionNumber).collect(Collectors.toSet());
      boolean configuredNumberTaken = foreignNumbers.contains(config.sessionNumber());
      MirrorSession keep = owned.stream()
          .filter(s -> matches(config, s, configuredNumberTaken, readBackPacketLength))
          // Prefer the configured number, then the oldest id, so repeated plans pick the same one.
          .min(Comparator.comparing((MirrorSession s) -> s.sessionNumber() != config.sessionNumber())
              .thenComparing(MirrorSession::sessionId))
          .orElse(null);
      for (MirrorSession s : owned) {
        if (s != keep) {
          deletes.add(delete(s, eni.subnetId(), keep == null ? DeleteReason.OUTDATED : DeleteReason.DUPLICATE));
        }
      }
      if (keep != null) {
        keeps.add(new KeptSession(keep.sessionId(), eni.eniId(), eni.subnetId()));
      } else if (foreign.size() >= SESSIONS_PER_ENI) {
        skipped.add(new SkippedEni(eni.eniId(), eni.subnetId(), SkipReason.SESSION_LIMIT));
      } else {
        creates.add(new SessionToCreate(
            eni.eniId(), eni.subnetId(), eni.instanceType(), freeNumber(config.sessionNumber(), foreignNumbers)));
      }
    }
    return new SessionPlan(creates, deletes, keeps, skipped);
  }

  /**
   * remove-vpc's purge: desired = nothing. Every owned session found is deleted (reason {@code
   * vpcRemoved}); foreign sessions are left alone, nothing is created, kept or skipped.
   *
   * @param enis the scope's ENIs (for each session's subnet)
   * @param sessions sessions found on them (duplicates allowed)
   */
  public SessionPlan purge(List<ClassifiedEni> enis, List<MirrorSession> sessions) {
    Map<String, String> subnetOf = new TreeMap<>();
    enis.forEach(e -> subnetOf.put(e.eniId(), e.subnetId()));
    Map<String, MirrorSession> unique = new TreeMap<>();
    sessions.forEach(s -> unique.putIfAbsent(s.sessionId(), s));
    List<SessionToDelete> deletes = unique.values().stream().filter(s -> s.ownedBy(cluster))
        .map(s -> delete(s, subnetOf.get(s.eniId()), DeleteReason.VPC_REMOVED)).toList();
    return new SessionPlan(List.of(), deletes, List.of(), List.of());
  }

  /**
   * Whether an owned session is what the config asks for. An absent VNI in the config accepts the
   * one AWS picked; another session number is fine only while a foreign session holds the configured one.
   */
  static boolean matches(
      VpcMirroringConfig config, MirrorSession s, boolean configuredNumberTaken, Integer readBackPacketLength) {
    return config.targetId().equals(s.targetId())
        && config.filterId().equals(s.filterId())
        && (config.virtualNetworkId() == null || config.virtualNetworkId().equals(s.virtualNetworkId()))
        && Objects.equals(readBackPacketLength, s.packetLength())
        && (s.sessionNumber() == config.sessionNumber() || (configuredNumberTaken && s.sessionNumber() > 0));
  }

  /** The configured number if free, else the next free number above it (wrapping to 1). */
  static int freeNumber(int configured, Set<Integer> taken) {
    int candidate = configured;
    while (taken.contains(candidate)) {
      candidate = candidate >= VpcMirroringConfig.MAX_SESSION_NUMBER ? 1 : candidate + 1;
    }
    return candidate;
  }

  private static SessionToDelete delete(MirrorSession s, String subnetId, DeleteReason reason) {
    String subnet = subnetId != null ? subnetId : s.tags().get(MirrorTags.SUBNET);
    return new SessionToDelete(s.sessionId(), s.eniId(), subnet, reason);
  }
}
