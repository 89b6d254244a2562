package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.eni.ClassifiedEni;
import dev.mirrorflow.activities.eni.EniEligibility;
import dev.mirrorflow.activities.plan.SessionPlan;
import dev.mirrorflow.activities.plan.SessionPlanner;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A VPC as it is right now, read in three describe listings (its ENIs, their instances, the sessions
 * on the ENIs that can carry one) and judged by the product's own code: {@link EniEligibility}
 * classifies each ENI and {@link SessionPlanner} says which owned session is kept, which ENI still
 * needs one and which session would go. Reads only.
 *
 * @param vpcId the VPC
 * @param readAt when it was read
 * @param enis every ENI, in id order
 * @param plan what a reconcile with this config would do now
 */
record VpcView(String vpcId, Instant readAt, List<Eni> enis, SessionPlan plan) {

  /**
   * One ENI and what Mirrorflow makes of it.
   *
   * @param eniId the ENI
   * @param subnetId its subnet
   * @param instanceId its instance, or null
   * @param instanceType the instance's type, or null
   * @param interfaceType EC2's interface type
   * @param state {@code mirrored} (an owned session as configured), {@code pending} (eligible, no
   *     such session yet: the next reconcile creates it), or {@code skipped}
   * @param session the owned session kept on it, or null
   * @param skipReason why it gets no session, or null
   * @param foreignSessions sessions of others on it
   */
  record Eni(String eniId, String subnetId, String instanceId, String instanceType, String interfaceType, String state,
      MirrorSession session, String skipReason, int foreignSessions) {}

  /** Reads {@code vpcId} now and judges it against {@code config} for {@code cluster}. */
  static VpcView read(Ec2Mirroring ec2, String cluster, String vpcId, VpcMirroringConfig config, Instant now) {
    List<NetworkInterface> all = ec2.networkInterfaces(vpcId, List.of());
    List<NetworkInterface> sources = all.stream()
        .filter(e -> NetworkInterface.TYPE_INTERFACE.equals(e.interfaceType()) && !e.requesterManaged()).toList();
    Set<String> instanceIds = sources.stream().flatMap(e -> e.attachedInstance().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Instance> instances = instanceIds.isEmpty() ? Map.of() : ec2.instances(vpcId, instanceIds);
    List<MirrorSession> sessions = sources.isEmpty() ? List.of()
        : ec2.sessionsOn(sources.stream().map(NetworkInterface::eniId).toList());

    // As the planner judges: the account's target ENIs are no sources, an NLB session reads back 8500,
    // and the refusals remembered on the VPC's ENIs count.
    List<dev.mirrorflow.activities.ec2.MirrorTarget> targets = ec2.targets();
    Set<String> targetEnis = dev.mirrorflow.activities.ec2.MirrorTarget.eniIds(targets);
    Integer readBack = dev.mirrorflow.activities.ec2.MirrorTarget.readBackPacketLength(
        targets, config.targetId(), config.packetLength());
    EniEligibility eligibility = new EniEligibility(config, targetEnis,
        dev.mirrorflow.activities.eni.RefusalMemory.of(now, all));
    List<ClassifiedEni> classified = all.stream().map(e -> eligibility.classify(e, instances)).toList();
    SessionPlan plan = new SessionPlanner(cluster).plan(config, classified, sessions, readBack);

    Map<String, MirrorSession> byId = new HashMap<>();
    sessions.forEach(s -> byId.put(s.sessionId(), s));
    Map<String, MirrorSession> kept = new HashMap<>();
    plan.keeps().forEach(k -> kept.put(k.eniId(), byId.get(k.sessionId())));
    Map<String, String> skipped = new HashMap<>();
    plan.skipped().forEach(s -> skipped.put(s.eniId(), s.reason().code()));
    Map<String, Long> foreign = sessions.stream().filter(s -> !s.ownedBy(cluster))
        .collect(Collectors.groupingBy(MirrorSession::eniId, Collectors.counting()));

    Map<String, Eni> rows = new TreeMap<>();
    for (NetworkInterface n : all) {
      String type = n.attachedInstance().map(instances::get).map(Instance::instanceType).orElse(null);
      String state = kept.containsKey(n.eniId()) ? "mirrored" : skipped.containsKey(n.eniId()) ? "skipped" : "pending";
      rows.put(n.eniId(), new Eni(n.eniId(), n.subnetId(), n.attachedInstance().orElse(null), type, n.interfaceType(),
          state, kept.get(n.eniId()), skipped.get(n.eniId()), foreign.getOrDefault(n.eniId(), 0L).intValue()));
    }
    return new VpcView(vpcId, now, new ArrayList<>(rows.values()), plan);
  }

  /** ENIs that get (or should get) a session. */
  int eligible() {
    return (int) enis.stream().filter(e -> !"skipped".equals(e.state())).count();
  }

  int mirrored() {
    return plan.keeps().size();
  }

  /** Skipped ENIs by reason. */
  Map<String, Integer> skipped() {
    Map<String, Integer> byReason = new TreeMap<>();
    plan.skipped().forEach(s -> byReason.merge(s.reason().code(), 1, Integer::sum));
    return byReason;
  }

  /** The totals, as JSON: eligible, mirrored, pending (to create), extra (owned sessions to delete), skipped by reason. */
  ObjectNode totals() {
    ObjectNode totals = Printer.JSON.createObjectNode();
    totals.put("readAt", readAt.toString());
    totals.put("eligible", eligible());
    totals.put("mirrored", mirrored());
    totals.put("pending", plan.creates().size());
    totals.put("extra", plan.deletes().size());
    totals.set("skipped", Printer.JSON.valueToTree(skipped()));
    return totals;
  }

  /** Every ENI, as JSON. */
  ArrayNode enisJson() {
    ArrayNode array = Printer.JSON.createArrayNode();
    for (Eni e : enis) {
      ObjectNode o = array.addObject();
      o.put("eniId", e.eniId());
      o.put("subnetId", e.subnetId());
      o.put("instanceId", e.instanceId());
      o.put("instanceType", e.instanceType());
      o.put("interfaceType", e.interfaceType());
      o.put("state", e.state());
      if (e.session() != null) {
        ObjectNode s = o.putObject("session");
        s.put("sessionId", e.session().sessionId());
        s.put("sessionNumber", e.session().sessionNumber());
        if (e.session().virtualNetworkId() != null) {
          s.put("virtualNetworkId", e.session().virtualNetworkId());
        }
      }
      if (e.skipReason() != null) {
        o.put("skipReason", e.skipReason());
      }
      o.put("foreignSessions", e.foreignSessions());
    }
    return array;
  }

  /** Every ENI, as table rows. */
  List<List<String>> enisRows() {
    List<List<String>> rows = new ArrayList<>();
    for (Eni e : enis) {
      String what = switch (e.state()) {
        case "mirrored" -> e.session().sessionId() + " #" + e.session().sessionNumber()
            + (e.session().virtualNetworkId() == null ? "" : " vni " + e.session().virtualNetworkId());
        case "skipped" -> "skipped: " + e.skipReason();
        default -> "pending: the next reconcile creates its session";
      };
      rows.add(List.of(e.eniId(), e.subnetId(), dash(e.instanceId()), dash(e.instanceType()), e.interfaceType(),
          what + (e.foreignSessions() > 0 ? " (+" + e.foreignSessions() + " foreign)" : "")));
    }
    return rows;
  }

  static final List<String> ENI_HEADER = List.of("ENI", "SUBNET", "INSTANCE", "TYPE", "INTERFACE", "SESSION OR SKIP REASON");

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
