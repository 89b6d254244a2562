package dev.mirrorflow.local.ec2;

/**
 * A rule of a Traffic Mirroring filter.
 *
 * @param trafficDirection {@code ingress} or {@code egress}
 * @param ruleAction {@code accept} or {@code reject}
 * @param protocol IP protocol number, or null for all
 */
public record MirrorFilterRule(
    String id,
    String filterId,
    String trafficDirection,
    int ruleNumber,
    String ruleAction,
    Integer protocol,
    String destinationCidrBlock,
    String sourceCidrBlock,
    PortRange destinationPortRange,
    PortRange sourcePortRange,
    String description) {

  /** An inclusive port range. */
  public record PortRange(Integer fromPort, Integer toPort) {}
}
