package dev.mirrorflow.local.ec2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The EC2 actions the local cloud serves: each parses its query parameters, calls the {@link
 * Ec2World}, and writes the XML the SDK's unmarshaller expects (element names from the EC2 model's
 * {@code locationName}s).
 */
final class Ec2Actions {
  /** DescribeInstances' launch-time filter compares ISO 8601 in UTC with milliseconds; a wildcard matches a prefix. */
  private static final java.time.format.DateTimeFormatter LAUNCH_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

  /** Actions that change nothing; they draw on the describe bucket when throttling is on. */
  static final Set<String> NON_MUTATING = Set.of(
      "DescribeVpcs", "DescribeSubnets", "DescribeInstances", "DescribeNetworkInterfaces",
      "DescribeTrafficMirrorTargets", "DescribeTrafficMirrorFilters", "DescribeTrafficMirrorSessions", "DescribeTags");

  static final Set<String> ALL = Set.of(
      "DescribeVpcs", "CreateVpc", "DescribeSubnets", "CreateSubnet",
      "RunInstances", "TerminateInstances", "StopInstances", "StartInstances", "DescribeInstances",
      "ModifyInstanceAttribute",
      "CreateNetworkInterface", "DeleteNetworkInterface", "AttachNetworkInterface", "DetachNetworkInterface",
      "DescribeNetworkInterfaces",
      "CreateTrafficMirrorTarget", "DescribeTrafficMirrorTargets", "DeleteTrafficMirrorTarget",
      "CreateTrafficMirrorFilter", "DescribeTrafficMirrorFilters", "DeleteTrafficMirrorFilter",
      "CreateTrafficMirrorFilterRule",
      "CreateTrafficMirrorSession", "DescribeTrafficMirrorSessions", "DeleteTrafficMirrorSession",
      "CreateTags", "DeleteTags", "DescribeTags");

  private final Ec2World world;

  Ec2Actions(Ec2World world) {
    this.world = world;
  }

  /** Serves one action; throws {@link LocalEc2Exception} for the errors EC2 answers. */
  String serve(String action, QueryParams p, String requestId) {
    if (p.bool("DryRun", false)) {
      throw LocalEc2Exception.client("DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }
    Xml xml = Xml.response(action, requestId);
    switch (action) {
      case "DescribeVpcs" -> describeVpcs(p, xml);
      case "CreateVpc" -> vpc(xml.start("vpc"), world.createVpc(null, p.required("CidrBlock"), p.tagSpecifications("vpc"))).end();
      case "DescribeSubnets" -> describeSubnets(p, xml);
      case "CreateSubnet" -> subnet(xml.start("subnet"), world.createSubnet(
          null, p.required("VpcId"), p.required("CidrBlock"), p.string("AvailabilityZone"), p.tagSpecifications("subnet"))).end();
      case "RunInstances" -> runInstances(p, xml);
      case "TerminateInstances" -> stateChanges(xml, world.terminateInstances(requiredList(p, "InstanceId")));
      case "StopInstances" -> stateChanges(xml, world.stopInstances(requiredList(p, "InstanceId")));
      case "StartInstances" -> stateChanges(xml, world.startInstances(requiredList(p, "InstanceId")));
      case "DescribeInstances" -> describeInstances(p, xml);
      case "ModifyInstanceAttribute" -> {
        // Of the attributes, only the type matters to mirroring; the others are not modelled.
        String type = p.string("InstanceType.Value");
        if (type == null) {
          throw LocalEc2Exception.invalidParameter("The local EC2 modifies only InstanceType.Value.");
        }
        world.modifyInstanceType(p.required("InstanceId"), type);
        xml.text("return", true);
      }
      case "CreateNetworkInterface" -> createNetworkInterface(p, xml);
      case "DeleteNetworkInterface" -> {
        world.deleteNetworkInterface(p.required("NetworkInterfaceId"));
        xml.text("return", true);
      }
      case "AttachNetworkInterface" -> xml.text("attachmentId", world.attachNetworkInterface(
          p.required("NetworkInterfaceId"), p.required("InstanceId"), p.requiredInteger("DeviceIndex")))
          .text("networkCardIndex", 0);
      case "DetachNetworkInterface" -> {
        world.detachNetworkInterface(p.required("AttachmentId"), p.bool("Force", false));
        xml.text("return", true);
      }
      case "DescribeNetworkInterfaces" -> describeNetworkInterfaces(p, xml);
      case "CreateTrafficMirrorTarget" -> {
        MirrorTarget t = world.createTarget(p.string("NetworkInterfaceId"), p.string("NetworkLoadBalancerArn"),
            p.string("GatewayLoadBalancerEndpointId"), p.string("Description"),
            p.tagSpecifications("traffic-mirror-target"), p.string("ClientToken"), p.all());
        target(xml.start("trafficMirrorTarget"), t).end().text("clientToken", p.string("ClientToken"));
      }
      case "DescribeTrafficMirrorTargets" -> describeTargets(p, xml);
      case "DeleteTrafficMirrorTarget" -> {
        world.deleteTarget(p.required("TrafficMirrorTargetId"));
        xml.text("trafficMirrorTargetId", p.required("TrafficMirrorTargetId"));
      }
      case "CreateTrafficMirrorFilter" -> {
        MirrorFilter f = world.createFilter(p.string("Description"), p.tagSpecifications("traffic-mirror-filter"),
            p.string("ClientToken"), p.all());
        filter(xml.start("trafficMirrorFilter"), f).end().text("clientToken", p.string("ClientToken"));
      }
      case "DescribeTrafficMirrorFilters" -> describeFilters(p, xml);
      case "DeleteTrafficMirrorFilter" -> {
        world.deleteFilter(p.required("TrafficMirrorFilterId"));
        xml.text("trafficMirrorFilterId", p.required("TrafficMirrorFilterId"));
      }
      case "CreateTrafficMirrorFilterRule" -> createFilterRule(p, xml);
      case "CreateTrafficMirrorSession" -> {
        MirrorSession s = world.createSession(new Ec2World.NewSession(null,
            p.required("NetworkInterfaceId"), p.required("TrafficMirrorTargetId"), p.required("TrafficMirrorFilterId"),
            p.requiredInteger("SessionNumber"), p.integer("VirtualNetworkId").orElse(null),
            p.integer("PacketLength").orElse(null), p.string("Description"),
            p.tagSpecifications("traffic-mirror-session")), p.string("ClientToken"), p.all());
        session(xml.start("trafficMirrorSession"), s).end().text("clientToken", p.string("ClientToken"));
      }
      case "DescribeTrafficMirrorSessions" -> describeSessions(p, xml);
      case "DeleteTrafficMirrorSession" -> {
        world.deleteSession(p.required("TrafficMirrorSessionId"));
        xml.text("trafficMirrorSessionId", p.required("TrafficMirrorSessionId"));
      }
      case "CreateTags" -> {
        Map<String, String> tags = p.tags("Tag");
        if (tags.isEmpty()) {
          throw LocalEc2Exception.missingParameter("Tag");
        }
        world.createTags(requiredList(p, "ResourceId"), tags);
        xml.text("return", true);
      }
      case "DeleteTags" -> {
        world.deleteTags(requiredList(p, "ResourceId"), deleteTagKeys(p));
        xml.text("return", true);
      }
      case "DescribeTags" -> describeTags(p, xml);
      default -> throw LocalEc2Exception.client("InvalidAction",
          "The action " + action + " is not valid for this web service.");
    }
    return xml.finish();
  }

  // ---------------------------------------------------------------- VPCs and subnets

  private void describeVpcs(QueryParams p, Xml xml) {
    List<String> ids = p.list("VpcId");
    world.requireAll(ids, "vpc-");
    Map<String, Function<Vpc, Object>> attrs = new LinkedHashMap<>();
    attrs.put("vpc-id", Vpc::id);
    attrs.put("cidr", Vpc::cidrBlock);
    attrs.put("cidr-block-association.cidr-block", Vpc::cidrBlock);
    attrs.put("is-default", Vpc::isDefault);
    attrs.put("owner-id", Vpc::ownerId);
    attrs.put("state", v -> "available");
    Map<String, Map<String, String>> tags = world.allTags();
    Describe.Page<Vpc> page = new Describe<>(attrs, Vpc::id, tags).apply(only(world.vpcs(), ids, Vpc::id), p);
    xml.start("vpcSet");
    page.items().forEach(v -> vpc(xml.start("item"), v).end());
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml vpc(Xml xml, Vpc v) {
    xml.text("vpcId", v.id()).text("ownerId", v.ownerId()).text("state", "available").text("cidrBlock", v.cidrBlock())
        .start("cidrBlockAssociationSet").start("item")
        .text("associationId", "vpc-cidr-assoc-" + v.id().substring(4)).text("cidrBlock", v.cidrBlock())
        .start("cidrBlockState").text("state", "associated").end().end().end()
        .text("dhcpOptionsId", "default").text("instanceTenancy", "default").text("isDefault", v.isDefault());
    return tagSet(xml, v.id());
  }

  private void describeSubnets(QueryParams p, Xml xml) {
    List<String> ids = p.list("SubnetId");
    world.requireAll(ids, "subnet-");
    Map<String, Function<Subnet, Object>> attrs = new LinkedHashMap<>();
    attrs.put("subnet-id", Subnet::id);
    attrs.put("vpc-id", Subnet::vpcId);
    attrs.put("availability-zone", Subnet::availabilityZone);
    attrs.put("cidr-block", Subnet::cidrBlock);
    attrs.put("cidr", Subnet::cidrBlock);
    attrs.put("owner-id", Subnet::ownerId);
    attrs.put("state", s -> "available");
    Describe.Page<Subnet> page = new Describe<>(attrs, Subnet::id, world.allTags())
        .apply(only(world.subnets(), ids, Subnet::id), p);
    xml.start("subnetSet");
    page.items().forEach(s -> subnet(xml.start("item"), s).end());
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml subnet(Xml xml, Subnet s) {
    xml.text("subnetId", s.id()).text("subnetArn", arn("subnet", s.id())).text("state", "available")
        .text("vpcId", s.vpcId()).text("ownerId", s.ownerId()).text("cidrBlock", s.cidrBlock())
        .text("availableIpAddressCount", 250).text("availabilityZone", s.availabilityZone())
        .text("availabilityZoneId", "use1-az" + (s.availabilityZone().charAt(s.availabilityZone().length() - 1) - 'a' + 1))
        .text("defaultForAz", false).text("mapPublicIpOnLaunch", false);
    return tagSet(xml, s.id());
  }

  // ---------------------------------------------------------------- instances

  private void runInstances(QueryParams p, Xml xml) {
    int min = p.requiredInteger("MinCount");
    int max = p.requiredInteger("MaxCount");
    if (min < 1 || max < min) {
      throw LocalEc2Exception.invalidParameter("MinCount (" + min + ") and MaxCount (" + max + ") must satisfy 1 <= MinCount <= MaxCount.");
    }
    String subnetId = p.string("SubnetId") != null ? p.string("SubnetId") : p.string("NetworkInterface.1.SubnetId");
    String type = p.string("InstanceType") == null ? "m1.small" : p.string("InstanceType");
    List<Instance> launched = world.runInstances(subnetId, type, max,
        p.tagSpecificationsFor("instance"), p.tagSpecificationsFor("network-interface"));
    xml.text("reservationId", launched.get(0).reservationId()).text("ownerId", world.accountId())
        .start("groupSet").end().start("instancesSet");
    // As on AWS, the launch answer shows each instance pending; describing it later shows running.
    launched.forEach(i -> instance(xml.start("item"), i.withState("pending")).end());
    xml.end();
  }

  private void stateChanges(Xml xml, List<InstanceStateChange> changes) {
    xml.start("instancesSet");
    for (InstanceStateChange c : changes) {
      xml.start("item").text("instanceId", c.instanceId());
      state(xml, "currentState", c.currentState());
      state(xml, "previousState", c.previousState());
      xml.end();
    }
    xml.end();
  }

  private void describeInstances(QueryParams p, Xml xml) {
    List<String> ids = p.list("InstanceId");
    world.requireDescribable(ids, "i-");
    Map<String, Map<String, String>> tags = world.describableTags();
    List<NetworkInterface> enis = world.networkInterfaces();
    Map<String, Function<Instance, Object>> attrs = new LinkedHashMap<>();
    attrs.put("instance-id", Instance::id);
    attrs.put("instance-type", Instance::instanceType);
    attrs.put("instance-state-name", Instance::state);
    attrs.put("instance-state-code", i -> Instance.stateCode(i.state()));
    attrs.put("subnet-id", Instance::subnetId);
    attrs.put("vpc-id", Instance::vpcId);
    attrs.put("availability-zone", Instance::availabilityZone);
    attrs.put("reservation-id", Instance::reservationId);
    attrs.put("private-ip-address", Instance::privateIpAddress);
    attrs.put("launch-time", i -> LAUNCH_TIME.format(i.launchTime()));
    attrs.put("network-interface.network-interface-id", i -> enisOf(enis, i.id()).stream().map(NetworkInterface::id).toList());
    Describe.Page<Instance> page = new Describe<>(attrs, Instance::id, tags)
        .apply(only(world.describableInstances(), ids, Instance::id), p);
    xml.start("reservationSet");
    for (Instance i : page.items()) {
      // One reservation per instance keeps paging by instance simple; the SDK flattens either way.
      xml.start("item").text("reservationId", i.reservationId()).text("ownerId", world.accountId())
          .start("groupSet").end().start("instancesSet");
      instance(xml.start("item"), i, enisOf(enis, i.id())).end();
      xml.end().end();
    }
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml instance(Xml xml, Instance i) {
    return instance(xml, i, enisOf(world.networkInterfaces(), i.id()));
  }

  private Xml instance(Xml xml, Instance i, List<NetworkInterface> enis) {
    xml.text("instanceId", i.id()).text("imageId", "ami-0123456789abcdef0");
    state(xml, "instanceState", i.state());
    xml.text("privateDnsName", "ip-" + i.privateIpAddress().replace('.', '-') + ".ec2.internal")
        .text("amiLaunchIndex", 0).text("instanceType", i.instanceType()).text("launchTime", i.launchTime())
        .start("placement").text("availabilityZone", i.availabilityZone()).text("tenancy", "default").end()
        .start("monitoring").text("state", "disabled").end()
        .text("subnetId", i.subnetId()).text("vpcId", i.vpcId()).text("privateIpAddress", i.privateIpAddress())
        .text("architecture", "x86_64").text("rootDeviceType", "ebs").text("virtualizationType", "hvm")
        .text("hypervisor", "xen");
    tagSet(xml, i.id());
    xml.start("networkInterfaceSet");
    for (NetworkInterface e : enis) {
      xml.start("item").text("networkInterfaceId", e.id()).text("subnetId", e.subnetId()).text("vpcId", e.vpcId())
          .text("description", e.description()).text("ownerId", e.ownerId()).text("status", e.status())
          .text("macAddress", e.macAddress()).text("privateIpAddress", e.privateIpAddress())
          .text("interfaceType", e.interfaceType());
      attachment(xml, e.attachment(), false);
      xml.end();
    }
    return xml.end();
  }

  private static List<NetworkInterface> enisOf(List<NetworkInterface> enis, String instanceId) {
    return enis.stream()
        .filter(e -> e.attachment() != null && e.attachment().instanceId().equals(instanceId))
        .sorted(java.util.Comparator.comparingInt(e -> e.attachment().deviceIndex()))
        .toList();
  }

  private static void state(Xml xml, String element, String state) {
    if (state != null) {
      xml.start(element).text("code", Instance.stateCode(state)).text("name", state).end();
    }
  }

  // ---------------------------------------------------------------- ENIs

  private void createNetworkInterface(QueryParams p, Xml xml) {
    String type = p.string("InterfaceType");
    if (type != null && !Set.of("interface", "efa", "efa-only", "trunk").contains(type)) {
      throw LocalEc2Exception.invalidParameter("Value (" + type + ") for parameter InterfaceType is invalid. "
          + "Only interface, efa, efa-only and trunk can be created.");
    }
    NetworkInterface eni = world.createNetworkInterface(new Ec2World.NewNetworkInterface(
        null, p.required("SubnetId"), type, false, p.string("Description"), null,
        p.tagSpecifications("network-interface")), p.string("ClientToken"), p.all());
    networkInterface(xml.start("networkInterface"), eni).end().text("clientToken", p.string("ClientToken"));
  }

  private void describeNetworkInterfaces(QueryParams p, Xml xml) {
    List<String> ids = p.list("NetworkInterfaceId");
    world.requireDescribable(ids, "eni-");
    Map<String, Map<String, String>> tags = world.describableTags();
    Map<String, Function<NetworkInterface, Object>> attrs = new LinkedHashMap<>();
    attrs.put("network-interface-id", NetworkInterface::id);
    attrs.put("vpc-id", NetworkInterface::vpcId);
    attrs.put("subnet-id", NetworkInterface::subnetId);
    attrs.put("availability-zone", NetworkInterface::availabilityZone);
    attrs.put("interface-type", NetworkInterface::interfaceType);
    attrs.put("requester-managed", NetworkInterface::requesterManaged);
    attrs.put("requester-id", NetworkInterface::requesterId);
    attrs.put("status", NetworkInterface::status);
    attrs.put("description", NetworkInterface::description);
    attrs.put("owner-id", NetworkInterface::ownerId);
    attrs.put("mac-address", NetworkInterface::macAddress);
    attrs.put("private-ip-address", NetworkInterface::privateIpAddress);
    attrs.put("addresses.private-ip-address", NetworkInterface::privateIpAddress);
    attrs.put("attachment.instance-id", e -> e.attachment() == null ? null : e.attachment().instanceId());
    attrs.put("attachment.attachment-id", e -> e.attachment() == null ? null : e.attachment().attachmentId());
    attrs.put("attachment.status", e -> e.attachment() == null ? null : e.attachment().status());
    attrs.put("attachment.device-index", e -> e.attachment() == null ? null : e.attachment().deviceIndex());
    attrs.put("attachment.delete-on-termination", e -> e.attachment() == null ? null : e.attachment().deleteOnTermination());
    attrs.put("attachment.instance-owner-id", e -> e.attachment() == null ? null : world.accountId());
    Describe.Page<NetworkInterface> page = new Describe<>(attrs, NetworkInterface::id, tags)
        .apply(only(world.describableNetworkInterfaces(), ids, NetworkInterface::id), p);
    xml.start("networkInterfaceSet");
    page.items().forEach(e -> networkInterface(xml.start("item"), e, tags.getOrDefault(e.id(), Map.of())).end());
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml networkInterface(Xml xml, NetworkInterface e) {
    return networkInterface(xml, e, world.tags(e.id()));
  }

  private Xml networkInterface(Xml xml, NetworkInterface e, Map<String, String> tags) {
    xml.text("networkInterfaceId", e.id()).text("subnetId", e.subnetId()).text("vpcId", e.vpcId())
        .text("availabilityZone", e.availabilityZone()).text("description", e.description())
        .text("ownerId", e.ownerId()).text("requesterId", e.requesterId())
        .text("requesterManaged", e.requesterManaged()).text("status", e.status())
        .text("macAddress", e.macAddress()).text("privateIpAddress", e.privateIpAddress())
        .text("privateDnsName", "ip-" + e.privateIpAddress().replace('.', '-') + ".ec2.internal")
        .text("sourceDestCheck", true).text("interfaceType", e.interfaceType())
        .start("groupSet").end();
    attachment(xml, e.attachment(), true);
    xml.start("privateIpAddressesSet").start("item").text("privateIpAddress", e.privateIpAddress())
        .text("primary", true).end().end();
    return tagSet(xml, tags);
  }

  private void attachment(Xml xml, NetworkInterface.Attachment a, boolean withInstance) {
    if (a == null) {
      return;
    }
    xml.start("attachment").text("attachmentId", a.attachmentId());
    if (withInstance) {
      xml.text("instanceId", a.instanceId()).text("instanceOwnerId", world.accountId());
    }
    xml.text("deviceIndex", a.deviceIndex()).text("networkCardIndex", 0).text("status", a.status())
        .text("attachTime", a.attachTime()).text("deleteOnTermination", a.deleteOnTermination()).end();
  }

  // ---------------------------------------------------------------- mirroring

  private void describeTargets(QueryParams p, Xml xml) {
    List<String> ids = p.list("TrafficMirrorTargetId");
    world.requireAll(ids, "tmt-");
    Map<String, Function<MirrorTarget, Object>> attrs = new LinkedHashMap<>();
    attrs.put("traffic-mirror-target-id", MirrorTarget::id);
    attrs.put("network-interface-id", MirrorTarget::networkInterfaceId);
    attrs.put("network-load-balancer-arn", MirrorTarget::networkLoadBalancerArn);
    attrs.put("gateway-load-balancer-endpoint-id", MirrorTarget::gatewayLoadBalancerEndpointId);
    attrs.put("description", MirrorTarget::description);
    attrs.put("owner-id", MirrorTarget::ownerId);
    Describe.Page<MirrorTarget> page = new Describe<>(attrs, MirrorTarget::id, world.allTags())
        .apply(only(world.targets(), ids, MirrorTarget::id), p);
    xml.start("trafficMirrorTargetSet");
    page.items().forEach(t -> target(xml.start("item"), t).end());
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml target(Xml xml, MirrorTarget t) {
    xml.text("trafficMirrorTargetId", t.id()).text("networkInterfaceId", t.networkInterfaceId())
        .text("networkLoadBalancerArn", t.networkLoadBalancerArn())
        .text("gatewayLoadBalancerEndpointId", t.gatewayLoadBalancerEndpointId())
        .text("type", t.type()).text("description", t.description()).text("ownerId", t.ownerId());
    return tagSet(xml, t.id());
  }

  private void describeFilters(QueryParams p, Xml xml) {
    List<String> ids = p.list("TrafficMirrorFilterId");
    world.requireAll(ids, "tmf-");
    Map<String, Function<MirrorFilter, Object>> attrs = new LinkedHashMap<>();
    attrs.put("traffic-mirror-filter-id", MirrorFilter::id);
    attrs.put("description", MirrorFilter::description);
    Describe.Page<MirrorFilter> page = new Describe<>(attrs, MirrorFilter::id, world.allTags())
        .apply(only(world.filters(), ids, MirrorFilter::id), p);
    xml.start("trafficMirrorFilterSet");
    page.items().forEach(f -> filter(xml.start("item"), f).end());
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml filter(Xml xml, MirrorFilter f) {
    xml.text("trafficMirrorFilterId", f.id()).text("description", f.description());
    xml.start("ingressFilterRuleSet");
    f.rules("ingress").forEach(r -> rule(xml.start("item"), r).end());
    xml.end().start("egressFilterRuleSet");
    f.rules("egress").forEach(r -> rule(xml.start("item"), r).end());
    xml.end().start("networkServiceSet");
    f.networkServices().forEach(s -> xml.text("item", s));
    xml.end();
    return tagSet(xml, f.id());
  }

  private void createFilterRule(QueryParams p, Xml xml) {
    MirrorFilterRule rule = new MirrorFilterRule(null, p.required("TrafficMirrorFilterId"),
        p.required("TrafficDirection"), p.requiredInteger("RuleNumber"), p.required("RuleAction"),
        p.integer("Protocol").orElse(null), p.required("DestinationCidrBlock"), p.required("SourceCidrBlock"),
        portRange(p, "DestinationPortRange"), portRange(p, "SourcePortRange"), p.string("Description"));
    MirrorFilterRule created = world.createFilterRule(rule, p.string("ClientToken"), p.all());
    rule(xml.start("trafficMirrorFilterRule"), created).end().text("clientToken", p.string("ClientToken"));
  }

  private static MirrorFilterRule.PortRange portRange(QueryParams p, String prefix) {
    Integer from = p.integer(prefix + ".FromPort").orElse(null);
    Integer to = p.integer(prefix + ".ToPort").orElse(null);
    return from == null && to == null ? null : new MirrorFilterRule.PortRange(from, to);
  }

  private static Xml rule(Xml xml, MirrorFilterRule r) {
    xml.text("trafficMirrorFilterRuleId", r.id()).text("trafficMirrorFilterId", r.filterId())
        .text("trafficDirection", r.trafficDirection()).text("ruleNumber", r.ruleNumber())
        .text("ruleAction", r.ruleAction()).text("protocol", r.protocol());
    portRange(xml, "destinationPortRange", r.destinationPortRange());
    portRange(xml, "sourcePortRange", r.sourcePortRange());
    return xml.text("destinationCidrBlock", r.destinationCidrBlock()).text("sourceCidrBlock", r.sourceCidrBlock())
        .text("description", r.description());
  }

  private static void portRange(Xml xml, String element, MirrorFilterRule.PortRange range) {
    if (range != null) {
      xml.start(element).text("fromPort", range.fromPort()).text("toPort", range.toPort()).end();
    }
  }

  private void describeSessions(QueryParams p, Xml xml) {
    List<String> ids = p.list("TrafficMirrorSessionId");
    world.requireDescribable(ids, "tms-");
    Map<String, Map<String, String>> tags = world.describableTags();
    Map<String, Function<MirrorSession, Object>> attrs = new LinkedHashMap<>();
    attrs.put("traffic-mirror-session-id", MirrorSession::id);
    attrs.put("network-interface-id", MirrorSession::networkInterfaceId);
    attrs.put("traffic-mirror-target-id", MirrorSession::targetId);
    attrs.put("traffic-mirror-filter-id", MirrorSession::filterId);
    attrs.put("session-number", MirrorSession::sessionNumber);
    attrs.put("virtual-network-id", MirrorSession::virtualNetworkId);
    attrs.put("owner-id", MirrorSession::ownerId);
    attrs.put("description", MirrorSession::description);
    attrs.put("packet-length", MirrorSession::packetLength);
    Describe.Page<MirrorSession> page = new Describe<>(attrs, MirrorSession::id, tags)
        .apply(only(world.describableSessions(), ids, MirrorSession::id), p);
    xml.start("trafficMirrorSessionSet");
    page.items().forEach(s -> session(xml.start("item"), s, tags.getOrDefault(s.id(), Map.of())).end());
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml session(Xml xml, MirrorSession s) {
    return session(xml, s, world.tags(s.id()));
  }

  private Xml session(Xml xml, MirrorSession s, Map<String, String> tags) {
    xml.text("trafficMirrorSessionId", s.id()).text("trafficMirrorTargetId", s.targetId())
        .text("trafficMirrorFilterId", s.filterId()).text("networkInterfaceId", s.networkInterfaceId())
        .text("ownerId", s.ownerId()).text("packetLength", s.packetLength()).text("sessionNumber", s.sessionNumber())
        .text("virtualNetworkId", s.virtualNetworkId()).text("description", s.description());
    return tagSet(xml, tags);
  }

  // ---------------------------------------------------------------- tags

  private static Map<String, String> deleteTagKeys(QueryParams p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; p.string("Tag." + i + ".Key") != null; i++) {
      out.put(p.string("Tag." + i + ".Key"), p.string("Tag." + i + ".Value"));
    }
    return out;
  }

  /** One row of DescribeTags. */
  private record TagRow(String resourceId, String resourceType, String key, String value) {
    String sortKey() {
      return resourceId + "\u0000" + key;
    }
  }

  private void describeTags(QueryParams p, Xml xml) {
    List<TagRow> rows = new java.util.ArrayList<>();
    world.allTags().forEach((id, tags) -> tags.forEach((k, v) -> rows.add(new TagRow(id, Ec2World.resourceType(id), k, v))));
    rows.sort(java.util.Comparator.comparing(TagRow::sortKey));
    Map<String, Function<TagRow, Object>> attrs = new LinkedHashMap<>();
    attrs.put("resource-id", TagRow::resourceId);
    attrs.put("resource-type", TagRow::resourceType);
    attrs.put("key", TagRow::key);
    attrs.put("value", TagRow::value);
    Describe.Page<TagRow> page = new Describe<>(attrs, TagRow::sortKey, Map.of()).apply(rows, p);
    xml.start("tagSet");
    page.items().forEach(r -> xml.start("item").text("resourceId", r.resourceId()).text("resourceType", r.resourceType())
        .text("key", r.key()).text("value", r.value()).end());
    xml.end().text("nextToken", page.nextToken());
  }

  private Xml tagSet(Xml xml, String resourceId) {
    return tagSet(xml, world.tags(resourceId));
  }

  private Xml tagSet(Xml xml, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      xml.start("tagSet");
      tags.forEach((k, v) -> xml.start("item").text("key", k).text("value", v).end());
      xml.end();
    }
    return xml;
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> requiredList(QueryParams p, String prefix) {
    List<String> values = p.list(prefix);
    if (values.isEmpty()) {
      throw LocalEc2Exception.missingParameter(prefix + ".1");
    }
    return values;
  }

  private static <T> List<T> only(List<T> items, List<String> ids, Function<T, String> id) {
    if (ids.isEmpty()) {
      return items;
    }
    Set<String> wanted = Set.copyOf(ids);
    return items.stream().filter(i -> wanted.contains(id.apply(i))).toList();
  }

  private String arn(String type, String id) {
    return "arn:aws:ec2:" + Ec2World.DEFAULT_REGION + ":" + world.accountId() + ":" + type + "/" + id;
  }
}
