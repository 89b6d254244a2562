package dev.mirrorflow.local.ec2;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The state of the local EC2: VPCs, subnets, instances, ENIs, mirror targets, filters, sessions and
 * tags, with AWS's rules and quotas. Every method is atomic (one lock); instance state-change
 * listeners are called after the lock is released, so a listener may call back into the world.
 *
 * <p>Both the wire protocol ({@link Ec2Service}) and in-process tests use this API; its methods throw
 * {@link LocalEc2Exception} with EC2's error codes.
 */
public final class Ec2World {
  /** The requester id of ENIs Amazon RDS manages (the exact value is unverified: see local/README.md). */
  public static final String REQUESTER_RDS = "amazon-rds";
  /** The requester id of ENIs Amazon ElastiCache manages (unverified, as {@link #REQUESTER_RDS}). */
  public static final String REQUESTER_ELASTICACHE = "amazon-elasticache";
  /** The requester id of other requester-managed ENIs (VPC endpoints, NAT gateways, ...) when none is given. */
  public static final String REQUESTER_OTHER = "AROAEXAMPLEMANAGED";
  /** The packet length AWS sets on a session to a Network Load Balancer target created without one. */
  public static final int NLB_DEFAULT_PACKET_LENGTH = 8500;

  /** The local cloud's account id. */
  public static final String ACCOUNT_ID = "000000000000";
  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * What a new ENI should look like; null fields take defaults. {@code requesterId} is the service that
   * manages a requester-managed ENI (e.g. {@link #REQUESTER_RDS}); null takes a generic one.
   */
  public record NewNetworkInterface(
      String id,
      String subnetId,
      String interfaceType,
      boolean requesterManaged,
      String description,
      String instanceId,
      Map<String, String> tags,
      String requesterId) {
    public NewNetworkInterface {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public NewNetworkInterface(
        String id, String subnetId, String interfaceType, boolean requesterManaged, String description,
        String instanceId, Map<String, String> tags) {
      this(id, subnetId, interfaceType, requesterManaged, description, instanceId, tags, null);
    }

    /** An ENI of {@code interfaceType} (e.g. {@code lambda}) in a subnet, not attached. */
    public static NewNetworkInterface of(String subnetId, String interfaceType, boolean requesterManaged) {
      return new NewNetworkInterface(null, subnetId, interfaceType, requesterManaged, null, null, Map.of());
    }
  }

  /** What a new session should look like. {@code virtualNetworkId} null means a random 24-bit VNI. */
  public record NewSession(
      String id,
      String networkInterfaceId,
      String targetId,
      String filterId,
      int sessionNumber,
      Integer virtualNetworkId,
      Integer packetLength,
      String description,
      Map<String, String> tags) {
    public NewSession {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
  }


  private final Clock clock;
  private final Ec2Knobs knobs;
  private final SessionAdmission admission;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Vpc> vpcs = new TreeMap<>();
  private final Map<String, Subnet> subnets = new TreeMap<>();
  // Instances, ENIs and sessions are what Describe may show late (Ec2Knobs#visibilityLag).
  private final LaggingMap<Instance> instances = lagging();
  private final LaggingMap<NetworkInterface> enis = lagging();
  private final Map<String, MirrorTarget> targets = new TreeMap<>();
  private final Map<String, MirrorFilter> filters = new TreeMap<>();
  private final LaggingMap<MirrorSession> sessions = lagging();
  private final Map<String, Map<String, String>> tags = new HashMap<>();
  private final ClientTokens clientTokens = new ClientTokens();
  private final Map<String, Integer> ipCounters = new HashMap<>();
  private final List<InstanceStateChange> pendingChanges = new ArrayList<>();
  private volatile Consumer<InstanceStateChange> stateListener = c -> {};
  private final String accountId;

  private Ec2World(Clock clock, Ec2Knobs knobs, String accountId) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.knobs = Objects.requireNonNull(knobs, "knobs");
    this.admission = new SessionAdmission(knobs);
    this.accountId = Objects.requireNonNull(accountId, "accountId");
  }

  /** An empty world of the default account whose quotas and rules follow {@code knobs}. */
  public static Ec2World create(Clock clock, Ec2Knobs knobs) {
    return new Ec2World(clock, knobs, ACCOUNT_ID);
  }

  /** An empty world of {@code accountId}: EC2 resources, quotas and rate limits are per account and region. */
  public static Ec2World create(Clock clock, Ec2Knobs knobs, String accountId) {
    return new Ec2World(clock, knobs, accountId);
  }

  /** The account that owns this world's resources. */
  public String accountId() {
    return accountId;
  }

  private <V> LaggingMap<V> lagging() {
    return new LaggingMap<>(() -> clock.instant(), () -> knobs.visibilityLag(),
        id -> tags.getOrDefault(id, Map.of()));
  }

  /** Receives every instance state change (launch, stop, start, terminate), in order. */
  public void onInstanceStateChange(Consumer<InstanceStateChange> listener) {
    this.stateListener = Objects.requireNonNull(listener, "listener");
  }

  public Ec2Knobs knobs() {
    return knobs;
  }

  // ---------------------------------------------------------------- reads

  public List<Vpc> vpcs() {
    return read(() -> List.copyOf(vpcs.values()));
  }

  public List<Subnet> subnets() {
    return read(() -> List.copyOf(subnets.values()));
  }

  public List<Instance> instances() {
    return read(() -> List.copyOf(instances.values()));
  }

  public List<NetworkInterface> networkInterfaces() {
    return read(() -> List.copyOf(enis.values()));
  }

  public List<MirrorTarget> targets() {
    return read(() -> List.copyOf(targets.values()));
  }

  public List<MirrorFilter> filters() {
    return read(() -> List.copyOf(filters.values()));
  }

  public List<MirrorSession> sessions() {
    return read(() -> List.copyOf(sessions.values()));
  }

  public Optional<NetworkInterface> networkInterface(String id) {
    return read(() -> Optional.ofNullable(enis.get(id)));
  }

  public Optional<Instance> instance(String id) {
    return read(() -> Optional.ofNullable(instances.get(id)));
  }

  public Optional<MirrorSession> session(String id) {
    return read(() -> Optional.ofNullable(sessions.get(id)));
  }

  // ---------------------------------------------------------------- what Describe shows (visibility lag)

  /** The instances DescribeInstances shows now (see {@link Ec2Knobs#visibilityLag}). */
  List<Instance> describableInstances() {
    return read(instances::visible);
  }

  /** The ENIs DescribeNetworkInterfaces shows now. */
  List<NetworkInterface> describableNetworkInterfaces() {
    return read(enis::visible);
  }

  /** The sessions DescribeTrafficMirrorSessions shows now. */
  List<MirrorSession> describableSessions() {
    return read(sessions::visible);
  }

  /** Every resource's tags as Describe shows them: a removed resource still shown keeps its tags. */
  Map<String, Map<String, String>> describableTags() {
    return read(() -> {
      Map<String, Map<String, String>> all = new HashMap<>();
      for (LaggingMap<?> kind : List.of(instances, enis, sessions)) {
        all.putAll(kind.lingeringTags());
      }
      all.putAll(tags);
      return all;
    });
  }

  /** Fails with the NotFound error of the kind, as Describe by id does, when any of {@code ids} is not shown now. */
  void requireDescribable(Collection<String> ids, String prefix) {
    LaggingMap<?> kind = switch (prefix) {
      case "i-" -> instances;
      case "eni-" -> enis;
      case "tms-" -> sessions;
      default -> throw new IllegalArgumentException("no visibility lag for ids " + prefix);
    };
    read(() -> {
      for (String id : ids) {
        Ids.check(id, prefix, switch (prefix) {
          case "i-" -> "InvalidInstanceID.Malformed";
          case "eni-" -> "InvalidNetworkInterfaceID.Malformed";
          default -> "InvalidTrafficMirrorSessionId.Malformed";
        });
        if (!kind.isVisible(id)) {
          throw switch (prefix) {
            case "i-" -> LocalEc2Exception.notFound("InvalidInstanceID.NotFound", "instance", id);
            case "eni-" -> LocalEc2Exception.notFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", id);
            default -> LocalEc2Exception.notFound("InvalidTrafficMirrorSessionId.NotFound", "traffic mirror session", id);
          };
        }
      }
      return null;
    });
  }

  /** The tags of any resource, in insertion order; empty when it has none. */
  public Map<String, String> tags(String resourceId) {
    return read(() -> tags.getOrDefault(resourceId, Map.of()));
  }

  /** Every resource's tags, by resource id. */
  public Map<String, Map<String, String>> allTags() {
    return read(() -> Map.copyOf(tags));
  }

  // ---------------------------------------------------------------- VPCs and subnets

  public Vpc createVpc(String id, String cidrBlock, Map<String, String> vpcTags) {
    return write(() -> {
      requireCidr(cidrBlock);
      String vpcId = newId(id, "vpc-", vpcs);
      Vpc vpc = new Vpc(vpcId, cidrBlock, false, accountId);
      vpcs.put(vpcId, vpc);
      putTags(vpcId, vpcTags);
      return vpc;
    });
  }

  public Subnet createSubnet(String id, String vpcId, String cidrBlock, String availabilityZone, Map<String, String> subnetTags) {
    return write(() -> {
      requireVpc(vpcId);
      requireCidr(cidrBlock);
      String subnetId = newId(id, "subnet-", subnets);
      String az = availabilityZone == null || availabilityZone.isBlank() ? DEFAULT_REGION + "a" : availabilityZone;
      Subnet subnet = new Subnet(subnetId, vpcId, cidrBlock, az, accountId);
      subnets.put(subnetId, subnet);
      putTags(subnetId, subnetTags);
      return subnet;
    });
  }

  // ---------------------------------------------------------------- instances

  /**
   * Launches {@code count} instances of {@code instanceType} in a subnet, each with a primary ENI
   * (deleted on termination). They go pending, then running.
   */
  public List<Instance> runInstances(
      String subnetId, String instanceType, int count, Map<String, String> instanceTags, Map<String, String> eniTags) {
    return runInstances(null, null, subnetId, instanceType, count, instanceTags, eniTags, "running");
  }

  List<Instance> runInstances(
      String instanceId,
      String primaryEniId,
      String subnetId,
      String instanceType,
      int count,
      Map<String, String> instanceTags,
      Map<String, String> eniTags,
      String finalState) {
    return write(() -> {
      Subnet subnet = requireSubnet(subnetId);
      if (instanceType == null || instanceType.isBlank()) {
        throw LocalEc2Exception.missingParameter("InstanceType");
      }
      if (count < 1) {
        throw LocalEc2Exception.invalidParameter("MinCount and MaxCount must be at least 1");
      }
      if (count > 1 && (instanceId != null || primaryEniId != null)) {
        throw new IllegalArgumentException("explicit ids need a count of 1");
      }
      String reservationId = newId(null, "r-", Map.of());
      List<Instance> launched = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = newId(instanceId, "i-", instances);
        String ip = nextIp(subnet);
        Instance instance = new Instance(
            id, reservationId, instanceType, subnet.id(), subnet.vpcId(), subnet.availabilityZone(), ip,
            "pending", clock.instant());
        instances.put(id, instance);
        putTags(id, instanceTags);
        pendingChanges.add(new InstanceStateChange(id, null, "pending"));
        NetworkInterface eni = newEni(primaryEniId, subnet, "interface", false, null, "Primary network interface", ip);
        String attachmentId = newId(null, "eni-attach-", Map.of());
        enis.put(eni.id(), eni.withAttachment(new NetworkInterface.Attachment(
            attachmentId, id, 0, "attached", clock.instant(), true)));
        putTags(eni.id(), eniTags);
        Instance done = transition(instance, finalState);
        launched.add(done);
      }
      return List.copyOf(launched);
    });
  }

  /** Terminates instances: shutting-down, then terminated; their delete-on-termination ENIs (and those ENIs' sessions) go, other ENIs are detached. */
  public List<InstanceStateChange> terminateInstances(List<String> instanceIds) {
    return write(() -> {
      List<Instance> found = instanceIds.stream().map(this::requireInstance).toList();
      List<InstanceStateChange> out = new ArrayList<>();
      for (Instance instance : found) {
        String before = instance.state();
        if (!before.equals("terminated")) {
          Instance current = transition(instance, "shutting-down");
          for (NetworkInterface eni : List.copyOf(enis.values())) {
            if (eni.attachment() != null && eni.attachment().instanceId().equals(instance.id())) {
              if (eni.attachment().deleteOnTermination()) {
                removeEni(eni.id());
              } else {
                enis.put(eni.id(), eni.withAttachment(null));
              }
            }
          }
          transition(current, "terminated");
        }
        out.add(new InstanceStateChange(instance.id(), before, "terminated"));
      }
      return out;
    });
  }

  /** Stops running instances: stopping, then stopped. */
  public List<InstanceStateChange> stopInstances(List<String> instanceIds) {
    return write(() -> {
      List<Instance> found = instanceIds.stream().map(this::requireInstance).toList();
      List<InstanceStateChange> out = new ArrayList<>();
      for (Instance instance : found) {
        if (instance.state().equals("terminated") || instance.state().equals("shutting-down")) {
          throw LocalEc2Exception.client("IncorrectInstanceState",
              "This instance '" + instance.id() + "' is not in a state from which it can be stopped.");
        }
      }
      for (Instance instance : found) {
        String before = instance.state();
        if (!before.equals("stopped")) {
          transition(transition(instance, "stopping"), "stopped");
        }
        out.add(new InstanceStateChange(instance.id(), before, "stopped"));
      }
      return out;
    });
  }

  /** Starts stopped instances: pending, then running. */
  public List<InstanceStateChange> startInstances(List<String> instanceIds) {
    return write(() -> {
      List<Instance> found = instanceIds.stream().map(this::requireInstance).toList();
      for (Instance instance : found) {
        if (!instance.state().equals("stopped") && !instance.state().equals("running")) {
          throw LocalEc2Exception.client("IncorrectInstanceState",
              "The instance '" + instance.id() + "' is not in a state from which it can be started.");
        }
      }
      List<InstanceStateChange> out = new ArrayList<>();
      for (Instance instance : found) {
        String before = instance.state();
        if (!before.equals("running")) {
          transition(transition(instance, "pending"), "running");
        }
        out.add(new InstanceStateChange(instance.id(), before, "running"));
      }
      return out;
    });
  }

  /** Changes a stopped instance's type (ModifyInstanceAttribute); any other state is IncorrectInstanceState. */
  public Instance modifyInstanceType(String instanceId, String instanceType) {
    return write(() -> {
      Instance instance = requireInstance(instanceId);
      if (!instance.state().equals("stopped")) {
        throw LocalEc2Exception.client("IncorrectInstanceState",
            "The instance '" + instanceId + "' is not in the 'stopped' state.");
      }
      Instance changed = instance.withType(instanceType);
      instances.put(changed.id(), changed);
      return changed;
    });
  }

  // ---------------------------------------------------------------- ENIs

  /**
   * Creates an ENI of any interface type, optionally attached to an instance (as the next device
   * index). The EC2 API itself only creates {@code interface}, {@code efa} and {@code trunk} ENIs;
   * scenarios and the admin API use this for the rest.
   */
  public NetworkInterface createNetworkInterface(NewNetworkInterface spec) {
    return write(() -> {
      Subnet subnet = requireSubnet(spec.subnetId());
      String type = spec.interfaceType() == null || spec.interfaceType().isBlank() ? "interface" : spec.interfaceType();
      NetworkInterface eni = newEni(spec.id(), subnet, type, spec.requesterManaged(), spec.requesterId(),
          spec.description(), nextIp(subnet));
      enis.put(eni.id(), eni);
      putTags(eni.id(), spec.tags());
      if (spec.instanceId() != null) {
        attachLocked(eni.id(), spec.instanceId(), nextDeviceIndex(spec.instanceId()));
      }
      return enis.get(eni.id());
    });
  }

  /** Creates an ENI through the API, idempotent on {@code clientToken} (null for none). */
  NetworkInterface createNetworkInterface(NewNetworkInterface spec, String clientToken, Map<String, String> parameters) {
    return idempotent("CreateNetworkInterface", clientToken, parameters, () -> createNetworkInterface(spec));
  }

  /** Deletes an ENI and every mirror session whose source it is; an attached ENI is in use. */
  public void deleteNetworkInterface(String eniId) {
    write(() -> {
      NetworkInterface eni = requireEni(eniId);
      if (eni.attachment() != null) {
        throw LocalEc2Exception.client("InvalidNetworkInterface.InUse",
            "The network interface '" + eniId + "' is currently in use.");
      }
      removeEni(eniId);
      return null;
    });
  }

  /** Attaches an available ENI to an instance in the same availability zone; returns the attachment id. */
  public String attachNetworkInterface(String eniId, String instanceId, int deviceIndex) {
    return write(() -> attachLocked(eniId, instanceId, deviceIndex));
  }

  /** Detaches the ENI with the given attachment; the primary ENI (device index 0) only with {@code force}. */
  public void detachNetworkInterface(String attachmentId, boolean force) {
    write(() -> {
      NetworkInterface eni = enis.values().stream()
          .filter(e -> e.attachment() != null && e.attachment().attachmentId().equals(attachmentId))
          .findFirst()
          .orElseThrow(() -> LocalEc2Exception.notFound("InvalidAttachmentID.NotFound", "attachment", attachmentId));
      if (eni.attachment().deviceIndex() == 0 && !force) {
        throw LocalEc2Exception.client("OperationNotPermitted",
            "The network interface at device index 0 cannot be detached.");
      }
      enis.put(eni.id(), eni.withAttachment(null));
      return null;
    });
  }

  // ---------------------------------------------------------------- mirror targets and filters

  /** Creates a target on exactly one of an ENI, a Network Load Balancer or a Gateway Load Balancer endpoint. */
  public MirrorTarget createTarget(
      String id, String eniId, String nlbArn, String gwlbEndpointId, String description, Map<String, String> targetTags) {
    return createTargetOwnedBy(accountId, id, eniId, nlbArn, gwlbEndpointId, description, targetTags);
  }

  /**
   * A target owned by another account ({@code ownerAccountId}) and shared with this one through AWS
   * RAM, as a capture hub shares its appliance: described here with its owner's {@code OwnerId}, and
   * sessions of this account may use it (each session is still owned by this account).
   */
  public MirrorTarget createTargetOwnedBy(String ownerAccountId, String id, String eniId, String nlbArn,
      String gwlbEndpointId, String description, Map<String, String> targetTags) {
    if (ownerAccountId == null || !ownerAccountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException("an owner account id is 12 digits, got " + ownerAccountId);
    }
    return write(() -> {
      int given = (eniId == null ? 0 : 1) + (nlbArn == null ? 0 : 1) + (gwlbEndpointId == null ? 0 : 1);
      if (given != 1) {
        throw LocalEc2Exception.invalidParameter(
            "Exactly one of NetworkInterfaceId, NetworkLoadBalancerArn or GatewayLoadBalancerEndpointId is required.");
      }
      String type;
      if (eniId != null) {
        requireEni(eniId);
        type = "network-interface";
      } else if (nlbArn != null) {
        type = "network-load-balancer";
      } else {
        type = "gateway-load-balancer-endpoint";
      }
      String targetId = newId(id, "tmt-", targets);
      MirrorTarget target = new MirrorTarget(targetId, type, eniId, nlbArn, gwlbEndpointId, description, ownerAccountId);
      targets.put(targetId, target);
      putTags(targetId, targetTags);
      return target;
    });
  }

  /**
   * Makes another account's target usable here, as sharing it with AWS RAM does: the same target
   * (id, type, owner), described here with its owner's {@code OwnerId}.
   */
  public MirrorTarget acceptShared(MirrorTarget shared, Map<String, String> targetTags) {
    if (shared.ownerId().equals(accountId)) {
      throw new IllegalArgumentException("target " + shared.id() + " is this account's own; share it with another");
    }
    return write(() -> {
      targets.put(shared.id(), shared);
      putTags(shared.id(), targetTags);
      return shared;
    });
  }

  MirrorTarget createTarget(
      String eniId, String nlbArn, String gwlbEndpointId, String description, Map<String, String> targetTags,
      String clientToken, Map<String, String> parameters) {
    return idempotent("CreateTrafficMirrorTarget", clientToken, parameters,
        () -> createTarget(null, eniId, nlbArn, gwlbEndpointId, description, targetTags));
  }

  /** Deletes a target; a target some session uses cannot be deleted. */
  public void deleteTarget(String targetId) {
    write(() -> {
      requireTarget(targetId);
      if (sessions.values().stream().anyMatch(s -> s.targetId().equals(targetId))) {
        throw LocalEc2Exception.client("DependencyViolation",
            "The traffic mirror target '" + targetId + "' is in use by a traffic mirror session.");
      }
      targets.remove(targetId);
      tags.remove(targetId);
      return null;
    });
  }

  public MirrorFilter createFilter(String id, String description, Map<String, String> filterTags) {
    return write(() -> {
      String filterId = newId(id, "tmf-", filters);
      MirrorFilter filter = new MirrorFilter(filterId, description, List.of(), List.of());
      filters.put(filterId, filter);
      putTags(filterId, filterTags);
      return filter;
    });
  }

  MirrorFilter createFilter(String description, Map<String, String> filterTags, String clientToken, Map<String, String> parameters) {
    return idempotent("CreateTrafficMirrorFilter", clientToken, parameters, () -> createFilter(null, description, filterTags));
  }

  /** Deletes a filter; a filter some session uses cannot be deleted. */
  public void deleteFilter(String filterId) {
    write(() -> {
      requireFilter(filterId);
      if (sessions.values().stream().anyMatch(s -> s.filterId().equals(filterId))) {
        throw LocalEc2Exception.client("DependencyViolation",
            "The traffic mirror filter '" + filterId + "' is in use by a traffic mirror session.");
      }
      filters.remove(filterId);
      tags.remove(filterId);
      return null;
    });
  }

  /** Adds a rule (at most 10 per direction, rule numbers unique per direction). The rule's id is generated. */
  public MirrorFilterRule createFilterRule(MirrorFilterRule rule) {
    return write(() -> {
      MirrorFilter filter = requireFilter(rule.filterId());
      if (!rule.trafficDirection().equals("ingress") && !rule.trafficDirection().equals("egress")) {
        throw LocalEc2Exception.invalidParameter("TrafficDirection must be ingress or egress, got " + rule.trafficDirection());
      }
      if (!rule.ruleAction().equals("accept") && !rule.ruleAction().equals("reject")) {
        throw LocalEc2Exception.invalidParameter("RuleAction must be accept or reject, got " + rule.ruleAction());
      }
      if (rule.ruleNumber() < 1 || rule.ruleNumber() > 32766) {
        throw LocalEc2Exception.invalidParameter("RuleNumber must be between 1 and 32766, got " + rule.ruleNumber());
      }
      List<MirrorFilterRule> same = filter.rules(rule.trafficDirection());
      if (same.size() >= 10) {
        throw LocalEc2Exception.client("TrafficMirrorFilterRuleLimitExceeded",
            "The traffic mirror filter '" + filter.id() + "' already has 10 " + rule.trafficDirection() + " rules.");
      }
      if (same.stream().anyMatch(r -> r.ruleNumber() == rule.ruleNumber())) {
        throw LocalEc2Exception.client("TrafficMirrorFilterRuleAlreadyExists",
            "A " + rule.trafficDirection() + " rule with number " + rule.ruleNumber() + " already exists.");
      }
      MirrorFilterRule created = new MirrorFilterRule(
          newId(rule.id(), "tmfr-", Map.of()), filter.id(), rule.trafficDirection(), rule.ruleNumber(),
          rule.ruleAction(), rule.protocol(), rule.destinationCidrBlock(), rule.sourceCidrBlock(),
          rule.destinationPortRange(), rule.sourcePortRange(), rule.description());
      List<MirrorFilterRule> rules = new ArrayList<>(filter.rules());
      rules.add(created);
      filters.put(filter.id(), new MirrorFilter(filter.id(), filter.description(), filter.networkServices(), rules));
      return created;
    });
  }

  MirrorFilterRule createFilterRule(MirrorFilterRule rule, String clientToken, Map<String, String> parameters) {
    return idempotent("CreateTrafficMirrorFilterRule", clientToken, parameters, () -> createFilterRule(rule));
  }

  // ---------------------------------------------------------------- sessions

  /** Creates a session with every AWS rule: source type and instance type, quotas, session number, target sources. */
  public MirrorSession createSession(NewSession spec) {
    return write(() -> {
      NetworkInterface eni = requireEni(spec.networkInterfaceId());
      MirrorTarget target = requireTarget(spec.targetId());
      requireFilter(spec.filterId());
      Optional<Instance> attachedTo = Optional.ofNullable(eni.attachment())
          .map(attachment -> instances.get(attachment.instanceId()));
      admission.admit(spec, eni, target, attachedTo, targets.values(), sessions.values());
      int vni = spec.virtualNetworkId() != null ? spec.virtualNetworkId() : randomUnusedVni();
      Integer packetLength = SessionAdmission.packetLength(spec, target);
      String sessionId = newId(spec.id(), "tms-", sessions);
      MirrorSession session = new MirrorSession(
          sessionId, eni.id(), target.id(), spec.filterId(), spec.sessionNumber(), vni, packetLength,
          spec.description(), accountId);
      sessions.put(sessionId, session);
      putTags(sessionId, spec.tags());
      return session;
    });
  }

  /**
   * Creates a session idempotently: the same client token with the same parameters answers the
   * session it created, the same token with other parameters fails with {@code IdempotentParameterMismatch}.
   */
  MirrorSession createSession(NewSession spec, String clientToken, Map<String, String> parameters) {
    return idempotent("CreateTrafficMirrorSession", clientToken, parameters, () -> createSession(spec));
  }

  /** Deletes a session; also the way tests delete one "out of band", behind the caller's back. */
  public void deleteSession(String sessionId) {
    write(() -> {
      Ids.check(sessionId, "tms-", "InvalidTrafficMirrorSessionId.Malformed");
      if (sessions.remove(sessionId) == null) {
        throw LocalEc2Exception.notFound("InvalidTrafficMirrorSessionId.NotFound", "traffic mirror session", sessionId);
      }
      tags.remove(sessionId);
      return null;
    });
  }

  // ---------------------------------------------------------------- tags

  /** Adds or overwrites tags on existing resources. */
  public void createTags(List<String> resourceIds, Map<String, String> newTags) {
    write(() -> {
      resourceIds.forEach(this::requireResource);
      resourceIds.forEach(id -> putTags(id, newTags));
      return null;
    });
  }

  /** Removes tags by key; a non-null value removes the tag only when its value matches. */
  public void deleteTags(List<String> resourceIds, Map<String, String> keysAndValues) {
    write(() -> {
      resourceIds.forEach(this::requireResource);
      for (String id : resourceIds) {
        Map<String, String> current = new LinkedHashMap<>(tags.getOrDefault(id, Map.of()));
        if (keysAndValues.isEmpty()) {
          current.clear();
        }
        keysAndValues.forEach((k, v) -> {
          if (v == null || v.equals(current.get(k))) {
            current.remove(k);
          }
        });
        setTags(id, current);
      }
      return null;
    });
  }

  /** The EC2 resource type of an id ({@code network-interface}, {@code traffic-mirror-session}, ...). */
  static String resourceType(String id) {
    String prefix = id.substring(0, Math.max(0, id.lastIndexOf('-')));
    return switch (prefix) {
      case "vpc" -> "vpc";
      case "subnet" -> "subnet";
      case "i" -> "instance";
      case "eni" -> "network-interface";
      case "tmt" -> "traffic-mirror-target";
      case "tmf" -> "traffic-mirror-filter";
      case "tms" -> "traffic-mirror-session";
      default -> "unknown";
    };
  }

  /**
   * Builds a scenario into this world, atomically, without state-change events (a seeded world
   * already existed). Returns every element's id by its ref (and by its id).
   */
  public Map<String, String> seed(Scenario scenario) {
    return write(() -> {
      Map<String, String> ids = new ScenarioSeeder(this).seed(scenario);
      pendingChanges.clear();
      return ids;
    });
  }

  /** Removes everything (knobs are kept). */
  public void clear() {
    write(() -> {
      vpcs.clear();
      subnets.clear();
      instances.clear();
      enis.clear();
      targets.clear();
      filters.clear();
      sessions.clear();
      tags.clear();
      clientTokens.clear();
      ipCounters.clear();
      return null;
    });
  }

  // ---------------------------------------------------------------- internals

  private <T> T read(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    List<InstanceStateChange> changes;
    T result;
    boolean outermost = !lock.isHeldByCurrentThread();
    lock.lock();
    try {
      try {
        result = action.get();
      } catch (RuntimeException e) {
        if (outermost) {
          pendingChanges.clear();
        }
        throw e;
      }
      if (!outermost) {
        return result;
      }
      changes = List.copyOf(pendingChanges);
      pendingChanges.clear();
    } finally {
      lock.unlock();
    }
    Consumer<InstanceStateChange> listener = stateListener;
    changes.forEach(listener);
    return result;
  }

  private <T> T idempotent(String action, String clientToken, Map<String, String> parameters, Supplier<T> create) {
    if (clientToken == null || clientToken.isEmpty()) {
      return create.get();
    }
    return write(() -> clientTokens.once(action, clientToken, parameters, create));
  }

  private Instance transition(Instance instance, String state) {
    Instance next = instance.withState(state);
    instances.put(next.id(), next);
    pendingChanges.add(new InstanceStateChange(next.id(), instance.state(), state));
    return next;
  }

  /** AWS picks an account-wide unique VNI at random when none is given. */
  private int randomUnusedVni() {
    java.util.Set<Integer> used = new java.util.HashSet<>();
    sessions.values().forEach(s -> used.add(s.virtualNetworkId()));
    while (true) {
      int vni = ThreadLocalRandom.current().nextInt(1, 0x1000000);
      if (!used.contains(vni)) {
        return vni;
      }
    }
  }

  private String attachLocked(String eniId, String instanceId, int deviceIndex) {
    NetworkInterface eni = requireEni(eniId);
    Instance instance = requireInstance(instanceId);
    if (eni.attachment() != null) {
      throw LocalEc2Exception.client("InvalidNetworkInterface.InUse",
          "Interface: '" + eniId + "' in use.");
    }
    if (instance.state().equals("terminated") || instance.state().equals("shutting-down")) {
      throw LocalEc2Exception.client("IncorrectInstanceState",
          "The instance '" + instanceId + "' is not in a valid state for this operation.");
    }
    if (!eni.availabilityZone().equals(instance.availabilityZone())) {
      throw LocalEc2Exception.invalidParameter("The network interface and the instance must be in the same availability zone.");
    }
    boolean indexTaken = enis.values().stream().anyMatch(e -> e.attachment() != null
        && e.attachment().instanceId().equals(instanceId) && e.attachment().deviceIndex() == deviceIndex);
    if (indexTaken) {
      throw LocalEc2Exception.invalidParameter("Instance '" + instanceId + "' already has an interface attached at device index '" + deviceIndex + "'.");
    }
    String attachmentId = newId(null, "eni-attach-", Map.of());
    enis.put(eniId, eni.withAttachment(
        new NetworkInterface.Attachment(attachmentId, instanceId, deviceIndex, "attached", clock.instant(), false)));
    return attachmentId;
  }

  private int nextDeviceIndex(String instanceId) {
    return (int) enis.values().stream()
        .filter(e -> e.attachment() != null && e.attachment().instanceId().equals(instanceId))
        .mapToInt(e -> e.attachment().deviceIndex())
        .max().orElse(-1) + 1;
  }

  private void removeEni(String eniId) {
    enis.remove(eniId);
    tags.remove(eniId);
    List<String> gone = sessions.values().stream()
        .filter(s -> s.networkInterfaceId().equals(eniId)).map(MirrorSession::id).toList();
    gone.forEach(id -> {
      sessions.remove(id);
      tags.remove(id);
    });
  }

  private NetworkInterface newEni(
      String id, Subnet subnet, String type, boolean requesterManaged, String requesterId, String description, String ip) {
    String eniId = newId(id, "eni-", enis);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String mac = String.format("02:%02x:%02x:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(256));
    return new NetworkInterface(
        eniId, subnet.id(), subnet.vpcId(), subnet.availabilityZone(), type, requesterManaged,
        requesterManaged ? (requesterId == null ? REQUESTER_OTHER : requesterId) : null,
        description == null ? "" : description, ip, mac,
        "available", null, accountId);
  }

  private String nextIp(Subnet subnet) {
    int n = ipCounters.merge(subnet.id(), 1, Integer::sum) + 3;
    String[] parts = subnet.cidrBlock().split("/")[0].split("\\.");
    long base = (Long.parseLong(parts[0]) << 24) | (Long.parseLong(parts[1]) << 16)
        | (Long.parseLong(parts[2]) << 8) | Long.parseLong(parts[3]);
    long ip = base + n;
    return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
  }

  private String newId(String given, String prefix, Map<String, ?> existing) {
    if (given != null && !given.isBlank()) {
      if (!given.matches(java.util.regex.Pattern.quote(prefix) + "[0-9a-zA-Z]+")) {
        throw new IllegalArgumentException(
            "the id '" + given + "' must be '" + prefix + "' followed by letters and digits, e.g. " + prefix + "0a1b2c3d");
      }
      if (existing.containsKey(given)) {
        throw new IllegalArgumentException("the id '" + given + "' is already taken; give another or none");
      }
      return given;
    }
    while (true) {
      StringBuilder id = new StringBuilder(prefix).append('0');
      for (int i = 0; i < 16; i++) {
        id.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
      }
      if (!existing.containsKey(id.toString())) {
        return id.toString();
      }
    }
  }

  private void putTags(String id, Map<String, String> newTags) {
    if (newTags == null || newTags.isEmpty()) {
      return;
    }
    for (String key : newTags.keySet()) {
      if (key == null || key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
        throw LocalEc2Exception.client("InvalidParameterValue", "Tag key '" + key + "' is not valid: 1 to 128 characters, not starting with 'aws:'.");
      }
    }
    Map<String, String> current = new LinkedHashMap<>(tags.getOrDefault(id, Map.of()));
    current.putAll(newTags);
    if (current.size() > 50) {
      throw LocalEc2Exception.client("TagLimitExceeded", "The resource '" + id + "' would have more than 50 tags.");
    }
    setTags(id, current);
  }

  private void setTags(String id, Map<String, String> value) {
    if (value.isEmpty()) {
      tags.remove(id);
    } else {
      tags.put(id, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(value)));
    }
  }

  private void requireResource(String id) {
    boolean exists = vpcs.containsKey(id) || subnets.containsKey(id) || instances.containsKey(id)
        || enis.containsKey(id) || targets.containsKey(id) || filters.containsKey(id) || sessions.containsKey(id);
    if (!exists) {
      String type = resourceType(id);
      throw switch (type) {
        case "vpc" -> LocalEc2Exception.notFound("InvalidVpcID.NotFound", "vpc", id);
        case "subnet" -> LocalEc2Exception.notFound("InvalidSubnetID.NotFound", "subnet", id);
        case "instance" -> LocalEc2Exception.notFound("InvalidInstanceID.NotFound", "instance", id);
        case "network-interface" -> LocalEc2Exception.notFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", id);
        case "traffic-mirror-target" -> LocalEc2Exception.notFound("InvalidTrafficMirrorTargetId.NotFound", "traffic mirror target", id);
        case "traffic-mirror-filter" -> LocalEc2Exception.notFound("InvalidTrafficMirrorFilterId.NotFound", "traffic mirror filter", id);
        case "traffic-mirror-session" -> LocalEc2Exception.notFound("InvalidTrafficMirrorSessionId.NotFound", "traffic mirror session", id);
        default -> LocalEc2Exception.client("InvalidID", "The ID '" + id + "' is not valid");
      };
    }
  }

  private static void requireCidr(String cidr) {
    if (cidr == null || !cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
      throw LocalEc2Exception.client("InvalidParameterValue", "Value (" + cidr + ") for parameter cidrBlock is invalid. This is not a valid CIDR block.");
    }
  }

  Vpc requireVpc(String id) {
    Ids.check(id, "vpc-", "InvalidVpcID.Malformed");
    return Optional.ofNullable(vpcs.get(id)).orElseThrow(() -> LocalEc2Exception.notFound("InvalidVpcID.NotFound", "vpc", id));
  }

  Subnet requireSubnet(String id) {
    if (id == null) {
      throw LocalEc2Exception.missingParameter("SubnetId");
    }
    Ids.check(id, "subnet-", "InvalidSubnetID.Malformed");
    return Optional.ofNullable(subnets.get(id)).orElseThrow(() -> LocalEc2Exception.notFound("InvalidSubnetID.NotFound", "subnet", id));
  }

  Instance requireInstance(String id) {
    Ids.check(id, "i-", "InvalidInstanceID.Malformed");
    return Optional.ofNullable(instances.get(id)).orElseThrow(() -> LocalEc2Exception.notFound("InvalidInstanceID.NotFound", "instance", id));
  }

  NetworkInterface requireEni(String id) {
    Ids.check(id, "eni-", "InvalidNetworkInterfaceID.Malformed");
    return Optional.ofNullable(enis.get(id))
        .orElseThrow(() -> LocalEc2Exception.notFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", id));
  }

  MirrorTarget requireTarget(String id) {
    Ids.check(id, "tmt-", "InvalidTrafficMirrorTargetId.Malformed");
    return Optional.ofNullable(targets.get(id))
        .orElseThrow(() -> LocalEc2Exception.notFound("InvalidTrafficMirrorTargetId.NotFound", "traffic mirror target", id));
  }

  MirrorFilter requireFilter(String id) {
    Ids.check(id, "tmf-", "InvalidTrafficMirrorFilterId.Malformed");
    return Optional.ofNullable(filters.get(id))
        .orElseThrow(() -> LocalEc2Exception.notFound("InvalidTrafficMirrorFilterId.NotFound", "traffic mirror filter", id));
  }

  /** Fails with the NotFound error of the resource kind when any id in {@code ids} is unknown. */
  void requireAll(Collection<String> ids, String prefix) {
    read(() -> {
      for (String id : ids) {
        switch (prefix) {
          case "vpc-" -> requireVpc(id);
          case "subnet-" -> requireSubnet(id);
          case "i-" -> requireInstance(id);
          case "eni-" -> requireEni(id);
          case "tmt-" -> requireTarget(id);
          case "tmf-" -> requireFilter(id);
          case "tms-" -> {
            Ids.check(id, "tms-", "InvalidTrafficMirrorSessionId.Malformed");
            if (!sessions.containsKey(id)) {
              throw LocalEc2Exception.notFound("InvalidTrafficMirrorSessionId.NotFound", "traffic mirror session", id);
            }
          }
          default -> throw new IllegalArgumentException("unknown id prefix " + prefix);
        }
      }
      return null;
    });
  }
}
