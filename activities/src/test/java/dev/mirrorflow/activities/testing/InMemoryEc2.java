package dev.mirrorflow.activities.testing;

import dev.mirrorflow.activities.ec2.CreateOutcome;
import dev.mirrorflow.activities.ec2.DeleteOutcome;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.MirrorTarget;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.ec2.NewSession;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory EC2 for tests, behaving like EC2 where Mirrorflow depends on it: client-token
 * idempotency, 3 sessions per ENI, unique session numbers per ENI, {@code NetworkInterfaceNotSupported}
 * for chosen ENIs, and throttling on demand.
 */
public final class InMemoryEc2 implements Ec2Mirroring {
  public final String vpcId;
  public final Map<String, NetworkInterface> enis = new LinkedHashMap<>();
  public final Map<String, Instance> instances = new LinkedHashMap<>();
  public final Map<String, MirrorSession> sessions = new LinkedHashMap<>();
  public final Set<String> unsupportedEnis = new HashSet<>();
  private final Map<String, String> tokens = new HashMap<>();
  private int nextId = 1;
  /** Mutating calls (create, delete, tag) so far. */
  public int mutatingCalls;
  /** Describe calls so far. */
  public int describeCalls;
  /** When >= 0: the number of further creates that succeed before one is throttled. */
  public int throttleCreateAfter = -1;
  /** When set, every create beyond this many sessions in all is refused as EC2's account quota refuses it. */
  public int sessionLimit = Integer.MAX_VALUE;
  /** When set, the next create is refused with this code (then it is cleared). */
  public String refuseNextWith;
  /** When set: every describe throws it. */
  public RuntimeException describeFailure;

  /** Traffic mirror targets and filters that exist. */
  public final Set<String> targets = new HashSet<>();
  public final Set<String> filters = new HashSet<>();

  public InMemoryEc2(String vpcId) {
    this.vpcId = vpcId;
  }

  /** Adds an instance of {@code type} with one ordinary ENI in {@code subnetId}; returns the ENI id. */
  public String addInstanceEni(String subnetId, String type) {
    String instanceId = String.format("i-%017x", nextId++);
    instances.put(instanceId, new Instance(instanceId, type, Map.of()));
    return addEni(subnetId, NetworkInterface.TYPE_INTERFACE, false, instanceId, Map.of());
  }

  public String addEni(String subnetId, String type, boolean requesterManaged, String instanceId, Map<String, String> tags) {
    String eniId = String.format("eni-%017x", nextId++);
    enis.put(eniId, new NetworkInterface(eniId, subnetId, type, requesterManaged, instanceId, tags));
    return eniId;
  }

  /** Adds a session directly, as a person or another tool would. */
  public String addSession(String eniId, String targetId, String filterId, int number, Integer vni,
      Integer packetLength, Map<String, String> tags) {
    String id = String.format("tms-%017x", nextId++);
    sessions.put(id, new MirrorSession(id, eniId, targetId, filterId, number,
        vni == null ? 1000 + nextId : vni, packetLength, tags));
    return id;
  }

  public List<MirrorSession> sessionsOf(String eniId) {
    return sessions.values().stream().filter(s -> s.eniId().equals(eniId)).toList();
  }

  @Override
  public List<NetworkInterface> networkInterfaces(String vpc, Collection<String> subnetIds) {
    describeCalls++;
    if (describeFailure != null) {
      throw describeFailure;
    }
    return enis.values().stream()
        .filter(e -> vpcId.equals(vpc) && (subnetIds.isEmpty() || subnetIds.contains(e.subnetId()))).toList();
  }

  @Override
  public Map<String, Instance> instances(String vpc, Collection<String> instanceIds) {
    describeCalls++;
    Map<String, Instance> result = new HashMap<>();
    instanceIds.forEach(id -> {
      if (instances.containsKey(id)) {
        result.put(id, instances.get(id));
      }
    });
    return result;
  }

  @Override
  public List<MirrorSession> sessionsOn(Collection<String> eniIds) {
    if (eniIds.isEmpty()) {
      return List.of();
    }
    describeCalls++;
    return sessions.values().stream().filter(s -> eniIds.contains(s.eniId())).toList();
  }

  @Override
  public CreateOutcome createSession(NewSession s) {
    mutatingCalls++;
    if (throttleCreateAfter == 0) {
      throttleCreateAfter = -1;
      throw new TransientEc2Exception("RequestLimitExceeded", "throttled", null);
    }
    if (throttleCreateAfter > 0) {
      throttleCreateAfter--;
    }
    String existing = tokens.get(s.clientToken());
    if (existing != null) {
      return CreateOutcome.created(existing);
    }
    if (refuseNextWith != null) {
      String code = refuseNextWith;
      refuseNextWith = null;
      return CreateOutcome.refused(code, "refused: " + code);
    }
    if (sessions.size() >= sessionLimit) {
      return CreateOutcome.refused("TrafficMirrorSessionLimitExceeded", "account quota");
    }
    if (!enis.containsKey(s.eniId())) {
      return CreateOutcome.refused("InvalidNetworkInterfaceID.NotFound", "no such ENI " + s.eniId());
    }
    if (unsupportedEnis.contains(s.eniId())) {
      return CreateOutcome.refused("NetworkInterfaceNotSupported", "cannot mirror " + s.eniId());
    }
    List<MirrorSession> on = sessionsOf(s.eniId());
    if (on.size() >= 3) {
      return CreateOutcome.refused("TrafficMirrorSessionsPerInterfaceLimitExceeded", "3 sessions on " + s.eniId());
    }
    if (on.stream().anyMatch(o -> o.sessionNumber() == s.sessionNumber())) {
      throw new AssertionError("session number " + s.sessionNumber() + " already used on " + s.eniId());
    }
    String id = addSession(s.eniId(), s.targetId(), s.filterId(), s.sessionNumber(), s.virtualNetworkId(),
        s.packetLength(), s.clientToken() == null
            ? Map.of(MirrorTags.CLUSTER, s.cluster(), MirrorTags.VPC, s.vpcId(), MirrorTags.SUBNET, s.subnetId())
            : Map.of(MirrorTags.CLUSTER, s.cluster(), MirrorTags.VPC, s.vpcId(), MirrorTags.SUBNET, s.subnetId(),
                MirrorTags.CLIENT_TOKEN, s.clientToken()));
    tokens.put(s.clientToken(), id);
    return CreateOutcome.created(id);
  }

  @Override
  public DeleteOutcome deleteSession(String sessionId) {
    mutatingCalls++;
    return sessions.remove(sessionId) == null ? DeleteOutcome.ALREADY_GONE : DeleteOutcome.DELETED;
  }

  @Override
  public void tagNetworkInterfaces(Collection<String> eniIds, String key, String value) {
    mutatingCalls++;
    for (String eniId : eniIds) {
      NetworkInterface eni = enis.get(eniId);
      if (eni != null) {
        Map<String, String> tags = new HashMap<>(eni.tags());
        tags.put(key, value);
        enis.put(eniId, new NetworkInterface(eniId, eni.subnetId(), eni.interfaceType(), eni.requesterManaged(),
            eni.instanceId(), tags));
      }
    }
  }

  /** Traffic mirror targets by id: their type and ENI. */
  public final Map<String, MirrorTarget> targetDetails = new LinkedHashMap<>();

  @Override
  public List<MirrorTarget> targets() {
    describeCalls++;
    return List.copyOf(targetDetails.values());
  }

  @Override
  public List<NetworkInterface> networkInterfacesTagged(Collection<String> tagKeys) {
    describeCalls++;
    return enis.values().stream().filter(e -> tagKeys.stream().anyMatch(e.tags()::containsKey)).toList();
  }

  /** All sessions, for assertions. */
  @Override
  public boolean vpcExists(String vpc) {
    describeCalls++;
    return vpcId.equals(vpc);
  }

  @Override
  public boolean targetExists(String targetId) {
    describeCalls++;
    return targets.contains(targetId);
  }

  @Override
  public boolean filterExists(String filterId) {
    describeCalls++;
    return filters.contains(filterId);
  }

  public List<MirrorSession> allSessions() {
    return new ArrayList<>(sessions.values());
  }
}
