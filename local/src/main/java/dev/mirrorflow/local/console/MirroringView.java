package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.eni.ClassifiedEni;
import dev.mirrorflow.activities.eni.EniEligibility;
import dev.mirrorflow.activities.eni.RefusalMemory;
import dev.mirrorflow.activities.plan.SessionPlan;
import dev.mirrorflow.activities.plan.SessionPlanner;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.dataplane.DataPlane;
import dev.mirrorflow.local.dataplane.SessionCounters;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.Instance;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.ec2.Subnet;
import dev.mirrorflow.local.ec2.Vpc;
import dev.mirrorflow.local.scheduler.LocalScheduler;
import dev.mirrorflow.local.scheduler.Schedule;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.LocalStepFunctions;
import dev.mirrorflow.local.sfn.StateMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The console's mirroring page: every VPC registered with a cluster (read from its EventBridge Scheduler
 * schedule in the local Scheduler), its subnets and ENIs from the local
 * EC2, each ENI classified by the product's own {@link EniEligibility} and {@link SessionPlanner}:
 * mirrored (its owned session), pending (eligible, no session yet), or skipped with the reason;
 * sessions of others shown as foreign; counts per reason; the VPC's last reconcile.
 */
final class MirroringView {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final LocalScheduler scheduler;
  private final DataPlane dataPlane;
  private final Ec2World world;
  private final LocalStepFunctions stepFunctions;

  MirroringView(LocalScheduler scheduler, DataPlane dataPlane, Ec2World world, LocalStepFunctions stepFunctions) {
    this.scheduler = scheduler;
    this.dataPlane = dataPlane;
    this.world = world;
    this.stepFunctions = stepFunctions;
  }

  /** A registration and whether its schedule is enabled. */
  record Registered(VpcRegistration registration, boolean active) {}

  ObjectNode json() {
    ObjectNode out = JSON.createObjectNode();
    List<Registered> registrations = registrations();
    ArrayNode vpcs = out.putArray("vpcs");
    List<String> registeredIds = new ArrayList<>();
    for (Registered r : registrations) {
      registeredIds.add(r.registration().vpcId());
      vpcs.add(vpc(r));
    }
    ArrayNode others = out.putArray("unregisteredVpcs");
    for (Vpc v : world.vpcs()) {
      if (!registeredIds.contains(v.id())) {
        others.addObject().put("vpcId", v.id()).put("cidrBlock", v.cidrBlock())
            .put("name", world.tags(v.id()).get("Name"));
      }
    }
    return out;
  }

  /**
   * Every registration: the schedules of the local Scheduler whose input is a VPC's registration
   * (one per VPC, in its cluster's schedule group), ENABLED meaning active.
   */
  List<Registered> registrations() {
    List<Registered> out = new ArrayList<>();
    for (Schedule schedule : scheduler.schedules()) {
      registration(schedule).ifPresent(reg -> out.add(new Registered(reg, schedule.enabled())));
    }
    return out;
  }

  private static Optional<VpcRegistration> registration(Schedule schedule) {
    String input = schedule.target() == null ? null : schedule.target().input();
    if (input == null) {
      return Optional.empty();
    }
    try {
      VpcRegistration reg = JSON.readValue(input, VpcRegistration.class);
      if (reg.vpcId() != null && reg.cluster() != null && reg.config() != null
          && ClusterNames.scheduleGroup(reg.cluster()).equals(schedule.group())) {
        return Optional.of(reg);
      }
    } catch (IOException | RuntimeException e) {
      // Not a registration (someone else's schedule): not shown.
    }
    return Optional.empty();
  }

  private ObjectNode vpc(Registered r) {
    VpcRegistration reg = r.registration();
    String cluster = reg.cluster();
    ObjectNode out = JSON.createObjectNode();
    out.put("cluster", cluster).put("vpcId", reg.vpcId()).put("active", r.active());
    out.put("name", world.tags(reg.vpcId()).get("Name"));
    out.set("config", JSON.valueToTree(reg.config()));

    List<NetworkInterface> enis = world.networkInterfaces().stream().filter(e -> reg.vpcId().equals(e.vpcId())).toList();
    Map<String, dev.mirrorflow.activities.ec2.Instance> instances = new HashMap<>();
    Map<String, Instance> localInstances = new HashMap<>();
    for (Instance i : world.instances()) {
      if (reg.vpcId().equals(i.vpcId())) {
        instances.put(i.id(), new dev.mirrorflow.activities.ec2.Instance(i.id(), i.instanceType(), world.tags(i.id())));
        localInstances.put(i.id(), i);
      }
    }
    // As the planner judges: the account's target ENIs are no sources, a session to an NLB target reads
    // back AWS's default packet length, and the refusals remembered on the ENIs count.
    List<dev.mirrorflow.activities.ec2.MirrorTarget> targets = world.targets().stream()
        .map(t -> new dev.mirrorflow.activities.ec2.MirrorTarget(t.id(), t.type(), t.networkInterfaceId())).toList();
    Set<String> targetEnis = dev.mirrorflow.activities.ec2.MirrorTarget.eniIds(targets);
    Integer readBack = dev.mirrorflow.activities.ec2.MirrorTarget.readBackPacketLength(
        targets, reg.config().targetId(), reg.config().packetLength());
    List<dev.mirrorflow.activities.ec2.NetworkInterface> asRead = new ArrayList<>();
    for (NetworkInterface e : enis) {
      String instanceId = e.attachment() == null ? null : e.attachment().instanceId();
      asRead.add(new dev.mirrorflow.activities.ec2.NetworkInterface(
          e.id(), e.subnetId(), e.interfaceType(), e.requesterManaged(), instanceId, world.tags(e.id())));
    }
    EniEligibility eligibility = new EniEligibility(reg.config(), targetEnis,
        RefusalMemory.of(stepFunctions.clock().instant(), asRead));
    List<ClassifiedEni> classified = new ArrayList<>();
    for (dev.mirrorflow.activities.ec2.NetworkInterface e : asRead) {
      classified.add(eligibility.classify(e, instances));
    }
    Map<String, SessionCounters> mirrored = dataPlane.counters();
    Map<String, List<MirrorSession>> sessionsByEni = new HashMap<>();
    List<dev.mirrorflow.activities.ec2.MirrorSession> sessions = new ArrayList<>();
    Set<String> eniIds = new HashSet<>();
    enis.forEach(e -> eniIds.add(e.id()));
    for (MirrorSession s : world.sessions()) {
      if (eniIds.contains(s.networkInterfaceId())) {
        sessionsByEni.computeIfAbsent(s.networkInterfaceId(), k -> new ArrayList<>()).add(s);
        sessions.add(new dev.mirrorflow.activities.ec2.MirrorSession(s.id(), s.networkInterfaceId(), s.targetId(),
            s.filterId(), s.sessionNumber(), s.virtualNetworkId(), s.packetLength(), world.tags(s.id())));
      }
    }
    SessionPlan plan = new SessionPlanner(cluster).plan(reg.config(), classified, sessions, readBack);
    Map<String, String> verdicts = new HashMap<>();
    Map<String, String> reasons = new HashMap<>();
    plan.keeps().forEach(k -> verdicts.put(k.eniId(), "mirrored"));
    plan.creates().forEach(c -> verdicts.put(c.eniId(), "pending"));
    plan.skipped().forEach(s -> {
      verdicts.put(s.eniId(), "skipped");
      reasons.put(s.eniId(), s.reason().code());
    });

    Map<String, Integer> counts = new TreeMap<>();
    ArrayNode subnets = out.putArray("subnets");
    for (Subnet subnet : world.subnets()) {
      if (!reg.vpcId().equals(subnet.vpcId())) {
        continue;
      }
      ObjectNode sj = subnets.addObject().put("subnetId", subnet.id()).put("cidrBlock", subnet.cidrBlock())
          .put("availabilityZone", subnet.availabilityZone()).put("name", world.tags(subnet.id()).get("Name"));
      ArrayNode list = sj.putArray("enis");
      for (NetworkInterface e : enis) {
        if (!subnet.id().equals(e.subnetId())) {
          continue;
        }
        ObjectNode ej = list.addObject().put("eniId", e.id()).put("interfaceType", e.interfaceType())
            .put("requesterManaged", e.requesterManaged()).put("description", e.description());
        String instanceId = e.attachment() == null ? null : e.attachment().instanceId();
        ej.put("instanceId", instanceId);
        Instance instance = instanceId == null ? null : localInstances.get(instanceId);
        ej.put("instanceType", instance == null ? null : instance.instanceType());
        ej.put("instanceState", instance == null ? null : instance.state());
        ej.put("instanceName", instanceId == null ? null : world.tags(instanceId).get("Name"));
        String verdict = verdicts.getOrDefault(e.id(), "pending");
        ej.put("verdict", verdict);
        ej.put("reason", reasons.get(e.id()));
        counts.merge(reasons.getOrDefault(e.id(), verdict), 1, Integer::sum);
        ArrayNode owned = ej.putArray("owned");
        ArrayNode foreign = ej.putArray("foreign");
        for (MirrorSession s : sessionsByEni.getOrDefault(e.id(), List.of())) {
          Map<String, String> tags = world.tags(s.id());
          ObjectNode sess = (cluster.equals(tags.get(MirrorTags.CLUSTER)) ? owned : foreign).addObject()
              .put("sessionId", s.id()).put("sessionNumber", s.sessionNumber())
              .put("virtualNetworkId", s.virtualNetworkId()).put("targetId", s.targetId()).put("filterId", s.filterId());
          sess.put("description", s.description());
          sess.set("tags", JSON.valueToTree(tags));
          // What the data plane sent through this session to its target since the counters were reset.
          SessionCounters sent = mirrored.get(s.id());
          sess.put("packetsMirrored", sent == null ? 0 : sent.packets())
              .put("bytesMirrored", sent == null ? 0 : sent.bytes())
              .put("packetsTruncated", sent == null ? 0 : sent.truncated());
        }
      }
    }
    out.set("counts", JSON.valueToTree(counts));
    ArrayNode deletes = out.putArray("pendingDeletes");
    plan.deletes().forEach(d -> deletes.addObject().put("sessionId", d.sessionId()).put("eniId", d.eniId())
        .put("reason", d.reason().code()));
    lastReconcile(cluster, reg.vpcId()).ifPresent(ex -> out.set("lastReconcile", ExecutionsView.summary(ex, stepFunctions.clock().instant())));
    return out;
  }

  private Optional<Execution> lastReconcile(String cluster, String vpcId) {
    String name = ClusterNames.stateMachine(cluster, "reconcile-vpc");
    for (StateMachine sm : stepFunctions.stateMachines()) {
      if (sm.name().equals(name)) {
        for (Execution e : stepFunctions.executions(sm.arn())) {
          if (vpcId.equals(ExecutionsView.vpcOf(e))) {
            return Optional.of(e);
          }
        }
      }
    }
    return Optional.empty();
  }
}
