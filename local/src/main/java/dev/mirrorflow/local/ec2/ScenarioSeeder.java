package dev.mirrorflow.local.ec2;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link Scenario} into a world, resolving refs to ids in declaration order. */
final class ScenarioSeeder {
  private final Ec2World world;
  private final Map<String, String> ids = new LinkedHashMap<>();
  private final Map<String, String> primaryEnis = new HashMap<>();

  ScenarioSeeder(Ec2World world) {
    this.world = world;
  }

  Map<String, String> seed(Scenario s) {
    if (s.mirroringUnsupportedInstanceTypes() != null) {
      world.knobs().unsupportedInstanceTypes(s.mirroringUnsupportedInstanceTypes());
    }
    if (s.mirroringRefusedInstanceTypes() != null) {
      List<String> patterns = new java.util.ArrayList<>(world.knobs().unsupportedInstanceTypes());
      patterns.addAll(s.mirroringRefusedInstanceTypes());
      world.knobs().unsupportedInstanceTypes(patterns);
    }
    for (Scenario.VpcSpec v : s.vpcs()) {
      remember(v.ref(), world.createVpc(v.id(), v.cidrBlock(), v.tags()).id());
    }
    for (Scenario.SubnetSpec sn : s.subnets()) {
      remember(sn.ref(), world.createSubnet(sn.id(), resolve(sn.vpc(), "vpc"), sn.cidrBlock(), sn.availabilityZone(), sn.tags()).id());
    }
    for (Scenario.InstanceSpec i : s.instances()) {
      String state = i.state() == null ? "running" : i.state();
      if (!List.of("running", "stopped").contains(state)) {
        throw new IllegalArgumentException("a scenario instance starts running or stopped, not " + state);
      }
      Instance instance = world.runInstances(i.id(), i.primaryNetworkInterfaceId(), resolve(i.subnet(), "subnet"),
          i.instanceType() == null ? "m5.large" : i.instanceType(), 1, i.tags(), Map.of(), state).get(0);
      remember(i.ref(), instance.id());
      world.networkInterfaces().stream()
          .filter(e -> e.attachment() != null && e.attachment().instanceId().equals(instance.id())
              && e.attachment().deviceIndex() == 0)
          .findFirst()
          .ifPresent(e -> primaryEnis.put(instance.id(), e.id()));
    }
    for (Scenario.NetworkInterfaceSpec e : s.networkInterfaces()) {
      NetworkInterface eni = world.createNetworkInterface(new Ec2World.NewNetworkInterface(
          e.id(), resolve(e.subnet(), "subnet"), e.interfaceType(), Boolean.TRUE.equals(e.requesterManaged()),
          e.description(), e.instance() == null ? null : resolve(e.instance(), "instance"), e.tags(), e.requesterId()));
      remember(e.ref(), eni.id());
    }
    for (Scenario.TargetSpec t : s.targets()) {
      String eni = t.networkInterface() == null ? null : eniOf(t.networkInterface());
      remember(t.ref(), world.createTarget(t.id(), eni, t.networkLoadBalancerArn(), t.gatewayLoadBalancerEndpointId(),
          t.description(), t.tags()).id());
    }
    for (Scenario.FilterSpec f : s.filters()) {
      MirrorFilter filter = world.createFilter(f.id(), f.description(), f.tags());
      remember(f.ref(), filter.id());
      for (Scenario.RuleSpec r : f.rules() == null ? List.<Scenario.RuleSpec>of() : f.rules()) {
        world.createFilterRule(new MirrorFilterRule(null, filter.id(), r.trafficDirection(),
            r.ruleNumber() == null ? 100 : r.ruleNumber(), r.ruleAction() == null ? "accept" : r.ruleAction(),
            r.protocol(), r.destinationCidrBlock() == null ? "0.0.0.0/0" : r.destinationCidrBlock(),
            r.sourceCidrBlock() == null ? "0.0.0.0/0" : r.sourceCidrBlock(), null, null, r.description()));
      }
    }
    for (Scenario.SessionSpec ss : s.sessions()) {
      MirrorSession session = world.createSession(new Ec2World.NewSession(ss.id(), eniOf(ss.networkInterface()),
          resolve(ss.target(), "target"), resolve(ss.filter(), "filter"),
          ss.sessionNumber() == null ? 1 : ss.sessionNumber(), ss.virtualNetworkId(), ss.packetLength(),
          ss.description(), ss.tags()));
      remember(ss.ref(), session.id());
    }
    return Map.copyOf(ids);
  }

  private String eniOf(String refOrId) {
    String id = resolve(refOrId, "networkInterface");
    return primaryEnis.getOrDefault(id, id);
  }

  private void remember(String ref, String id) {
    ids.put(id, id);
    if (ref != null) {
      if (ids.containsKey(ref) && !ids.get(ref).equals(id)) {
        throw new IllegalArgumentException("the scenario ref '" + ref + "' is used twice; give each element its own ref");
      }
      ids.put(ref, id);
    }
  }

  private String resolve(String refOrId, String field) {
    if (refOrId == null) {
      throw new IllegalArgumentException("a scenario element needs its '" + field + "' (a ref or an id)");
    }
    return ids.getOrDefault(refOrId, refOrId);
  }
}
