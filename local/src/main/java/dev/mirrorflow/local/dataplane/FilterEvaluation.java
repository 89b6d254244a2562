package dev.mirrorflow.local.dataplane;

import dev.mirrorflow.local.ec2.MirrorFilterRule;
import dev.mirrorflow.receiver.packet.InnerPacket;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a Traffic Mirroring filter decides one packet: its rules of the packet's direction, in
 * ascending rule number; the first rule that matches decides accept or reject; when none matches,
 * the packet is not mirrored (by default no traffic is mirrored). A rule matches when its protocol
 * (absent = any), source and destination CIDR blocks and port ranges (for TCP and UDP) all hold.
 */
public final class FilterEvaluation {
  private FilterEvaluation() {}

  /** The rule that decides {@code packet}, if any; its action is {@code accept} or {@code reject}. */
  public static Optional<MirrorFilterRule> decidingRule(List<MirrorFilterRule> rules, Direction direction, InnerPacket packet) {
    return rules.stream()
        .filter(r -> r.trafficDirection().equals(direction.wire()))
        .sorted(Comparator.comparingInt(MirrorFilterRule::ruleNumber))
        .filter(r -> matches(r, packet))
        .findFirst();
  }

  /** Whether the filter accepts the packet: a deciding rule exists and it accepts. */
  public static boolean accepts(List<MirrorFilterRule> rules, Direction direction, InnerPacket packet) {
    return decidingRule(rules, direction, packet).map(r -> r.ruleAction().equals("accept")).orElse(false);
  }

  static boolean matches(MirrorFilterRule rule, InnerPacket p) {
    if (rule.protocol() != null && rule.protocol() != p.protocol()) {
      return false;
    }
    if (!inCidr(rule.sourceCidrBlock(), p.source()) || !inCidr(rule.destinationCidrBlock(), p.destination())) {
      return false;
    }
    boolean ported = p.protocol() == InnerPacket.TCP || p.protocol() == InnerPacket.UDP;
    return inRange(rule.sourcePortRange(), ported ? p.sourcePort() : -1)
        && inRange(rule.destinationPortRange(), ported ? p.destinationPort() : -1);
  }

  private static boolean inRange(MirrorFilterRule.PortRange range, int port) {
    if (range == null) {
      return true;
    }
    if (port < 0) {
      return false; // a port range applies to TCP and UDP only
    }
    int from = range.fromPort() == null ? 0 : range.fromPort();
    int to = range.toPort() == null ? 65_535 : range.toPort();
    return port >= from && port <= to;
  }

  /** Whether {@code address} lies in {@code cidr} (an absent block matches everything); IPv4 and IPv6 never mix. */
  static boolean inCidr(String cidr, InetAddress address) {
    if (cidr == null || cidr.isBlank()) {
      return true;
    }
    int slash = cidr.indexOf('/');
    InetAddress network;
    try {
      network = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
    }
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int bits = slash < 0 ? a.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
    if (bits == 0) {
      return true;
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(a.length * 8).subtract(BigInteger.ONE)
        .shiftRight(bits).not();
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n).and(mask));
  }
}
