package dev.mirrorflow.local.ec2;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A world to seed the local EC2 with, as JSON. Every element may give its {@code id} (EC2 syntax,
 * e.g. {@code eni-0a1b2c}) or leave it to be generated, and may give a {@code ref}: a name other
 * elements of the same scenario use to point at it. Reference fields ({@code vpc}, {@code subnet},
 * {@code instance}, {@code networkInterface}, {@code target}, {@code filter}) take a ref or an id.
 *
 * <pre>{@code
 * {"vpcs": [{"ref": "prod", "cidrBlock": "10.0.0.0/16", "tags": {"Name": "prod"}}],
 *  "subnets": [{"ref": "a", "vpc": "prod", "cidrBlock": "10.0.1.0/24", "availabilityZone": "us-east-1a"}],
 *  "instances": [{"ref": "web", "subnet": "a", "instanceType": "m5.large"}],
 *  "networkInterfaces": [{"ref": "fn", "subnet": "a", "interfaceType": "lambda", "requesterManaged": true}],
 *  "targets": [{"ref": "gwlbe", "gatewayLoadBalancerEndpointId": "vpce-0123456789abcdef0"}],
 *  "filters": [{"ref": "all", "rules": [{"trafficDirection": "ingress", "ruleNumber": 100,
 *      "ruleAction": "accept", "sourceCidrBlock": "0.0.0.0/0", "destinationCidrBlock": "0.0.0.0/0"}]}],
 *  "sessions": [{"networkInterface": "web", "target": "gwlbe", "filter": "all", "sessionNumber": 1,
 *      "tags": {"owner": "someone-else"}}]}
 * }</pre>
 *
 * A session's {@code networkInterface} may name an instance: its primary ENI is meant. {@code
 * mirroringUnsupportedInstanceTypes} (globs such as {@code "zz9.*"}), when given, replaces the
 * documented rule of which instance types cannot be sources; {@code mirroringRefusedInstanceTypes}
 * refuses more types on top of the rule in force. Either lets a scenario exercise both outcomes of
 * trying a type.
 */
public record Scenario(
    List<VpcSpec> vpcs,
    List<SubnetSpec> subnets,
    List<InstanceSpec> instances,
    List<NetworkInterfaceSpec> networkInterfaces,
    List<TargetSpec> targets,
    List<FilterSpec> filters,
    List<SessionSpec> sessions,
    List<String> mirroringUnsupportedInstanceTypes,
    List<String> mirroringRefusedInstanceTypes) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Scenario {
    vpcs = vpcs == null ? List.of() : List.copyOf(vpcs);
    subnets = subnets == null ? List.of() : List.copyOf(subnets);
    instances = instances == null ? List.of() : List.copyOf(instances);
    networkInterfaces = networkInterfaces == null ? List.of() : List.copyOf(networkInterfaces);
    targets = targets == null ? List.of() : List.copyOf(targets);
    filters = filters == null ? List.of() : List.copyOf(filters);
    sessions = sessions == null ? List.of() : List.copyOf(sessions);
    mirroringUnsupportedInstanceTypes =
        mirroringUnsupportedInstanceTypes == null ? null : List.copyOf(mirroringUnsupportedInstanceTypes);
    mirroringRefusedInstanceTypes =
        mirroringRefusedInstanceTypes == null ? null : List.copyOf(mirroringRefusedInstanceTypes);
  }

  /** A scenario that keeps the documented rule of which instance types can be sources. */
  public Scenario(List<VpcSpec> vpcs, List<SubnetSpec> subnets, List<InstanceSpec> instances,
      List<NetworkInterfaceSpec> networkInterfaces, List<TargetSpec> targets, List<FilterSpec> filters,
      List<SessionSpec> sessions) {
    this(vpcs, subnets, instances, networkInterfaces, targets, filters, sessions, null, null);
  }

  public record VpcSpec(String ref, String id, String cidrBlock, Map<String, String> tags) {}

  public record SubnetSpec(String ref, String id, String vpc, String cidrBlock, String availabilityZone, Map<String, String> tags) {}

  /** @param state the state to leave it in: running (default) or stopped */
  public record InstanceSpec(
      String ref, String id, String subnet, String instanceType, String state, String primaryNetworkInterfaceId,
      Map<String, String> tags) {}

  /**
   * @param instance an instance (ref or id) to attach it to, at the next device index
   * @param requesterId for a requester-managed ENI, the service managing it ({@code amazon-rds},
   *     {@code amazon-elasticache}, or another)
   */
  public record NetworkInterfaceSpec(
      String ref, String id, String subnet, String interfaceType, Boolean requesterManaged, String description,
      String instance, Map<String, String> tags, String requesterId) {
    public NetworkInterfaceSpec(
        String ref, String id, String subnet, String interfaceType, Boolean requesterManaged, String description,
        String instance, Map<String, String> tags) {
      this(ref, id, subnet, interfaceType, requesterManaged, description, instance, tags, null);
    }
  }

  /** Exactly one of networkInterface (a ref or id; an instance ref means its primary ENI), networkLoadBalancerArn, gatewayLoadBalancerEndpointId. */
  public record TargetSpec(
      String ref, String id, String networkInterface, String networkLoadBalancerArn, String gatewayLoadBalancerEndpointId,
      String description, Map<String, String> tags) {}

  public record FilterSpec(String ref, String id, String description, List<RuleSpec> rules, Map<String, String> tags) {}

  public record RuleSpec(
      String trafficDirection, Integer ruleNumber, String ruleAction, Integer protocol, String sourceCidrBlock,
      String destinationCidrBlock, String description) {}

  public record SessionSpec(
      String ref, String id, String networkInterface, String target, String filter, Integer sessionNumber,
      Integer virtualNetworkId, Integer packetLength, String description, Map<String, String> tags) {}

  /** Parses a scenario; unknown fields are errors, so that a typo does not silently seed less. */
  public static Scenario parse(String json) {
    try {
      return JSON.readValue(json, Scenario.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a valid EC2 scenario: " + e.getMessage(), e);
    }
  }

  public static Scenario read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the scenario file " + file + ": " + e.getMessage(), e);
    }
  }
}
