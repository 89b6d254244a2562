package dev.mirrorflow.local.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.ec2.MirrorFilterRule;
import dev.mirrorflow.local.ec2.MirrorFilterRule.PortRange;
import dev.mirrorflow.receiver.packet.Frames;
import dev.mirrorflow.receiver.packet.InnerPacket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The filter's decision for one packet, as a table: rules, packet, the rule that decides (or none). */
class FilterEvaluationTest {

  static MirrorFilterRule rule(String dir, int number, String action, Integer protocol, String src, String dst,
      PortRange srcPorts, PortRange dstPorts) {
    return new MirrorFilterRule("tmfr-" + dir + number, "tmf-1", dir, number, action, protocol, dst, src, dstPorts, srcPorts, null);
  }

  static InnerPacket tcp(String src, int sport, String dst, int dport) throws Exception {
    byte[] f = Frames.tcp(InetAddress.getByName(src), sport, InetAddress.getByName(dst), dport, 1, 0, InnerPacket.SYN, new byte[0]);
    return InnerPacket.parse(f, 0, f.length).orElseThrow();
  }

  static InnerPacket udp(String src, int sport, String dst, int dport) throws Exception {
    byte[] f = Frames.udp(InetAddress.getByName(src), sport, InetAddress.getByName(dst), dport, new byte[4]);
    return InnerPacket.parse(f, 0, f.length).orElseThrow();
  }

  static InnerPacket icmp(String src, String dst) throws Exception {
    byte[] f = Frames.ipv4(InetAddress.getByName(src), InetAddress.getByName(dst), 1, new byte[8]);
    return InnerPacket.parse(f, 0, f.length).orElseThrow();
  }

  static final String ANY = "0.0.0.0/0";
  static final PortRange HTTP = new PortRange(80, 80);
  static final PortRange SSH = new PortRange(22, 22);
  static final PortRange HIGH = new PortRange(1024, 65535);

  static Stream<Arguments> table() throws Exception {
    List<MirrorFilterRule> acceptAll = List.of(rule("ingress", 100, "accept", null, ANY, ANY, null, null),
        rule("egress", 100, "accept", null, ANY, ANY, null, null));
    List<MirrorFilterRule> rejectSshThenAll = List.of(
        rule("ingress", 200, "accept", null, ANY, ANY, null, null),
        rule("ingress", 100, "reject", 6, ANY, ANY, null, SSH));
    List<MirrorFilterRule> httpOnly = List.of(rule("ingress", 10, "accept", 6, ANY, "10.0.1.0/24", null, HTTP));
    List<MirrorFilterRule> fromSubnet = List.of(
        rule("egress", 5, "accept", 17, "10.0.1.0/24", ANY, HIGH, null),
        rule("egress", 1, "reject", null, "10.0.1.128/25", ANY, null, null));
    List<Arguments> rows = new ArrayList<>();
    rows.add(Arguments.of("accept-all, ingress TCP", acceptAll, Direction.INGRESS, tcp("10.9.9.9", 40000, "10.0.1.5", 80), "tmfr-ingress100"));
    rows.add(Arguments.of("accept-all, egress ICMP", acceptAll, Direction.EGRESS, icmp("10.0.1.5", "8.8.8.8"), "tmfr-egress100"));
    rows.add(Arguments.of("no rule of the direction: not mirrored", httpOnly, Direction.EGRESS, tcp("10.0.1.5", 80, "10.9.9.9", 40000), null));
    rows.add(Arguments.of("lower rule number first: SSH rejected", rejectSshThenAll, Direction.INGRESS, tcp("10.9.9.9", 40000, "10.0.1.5", 22), "tmfr-ingress100"));
    rows.add(Arguments.of("reject passes over other ports", rejectSshThenAll, Direction.INGRESS, tcp("10.9.9.9", 40000, "10.0.1.5", 443), "tmfr-ingress200"));
    rows.add(Arguments.of("UDP to port 22 is not the TCP reject", rejectSshThenAll, Direction.INGRESS, udp("10.9.9.9", 40000, "10.0.1.5", 22), "tmfr-ingress200"));
    rows.add(Arguments.of("protocol and port match", httpOnly, Direction.INGRESS, tcp("10.9.9.9", 40000, "10.0.1.7", 80), "tmfr-ingress10"));
    rows.add(Arguments.of("destination outside the CIDR", httpOnly, Direction.INGRESS, tcp("10.9.9.9", 40000, "10.0.2.7", 80), null));
    rows.add(Arguments.of("other destination port", httpOnly, Direction.INGRESS, tcp("10.9.9.9", 40000, "10.0.1.7", 8080), null));
    rows.add(Arguments.of("wrong protocol", httpOnly, Direction.INGRESS, udp("10.9.9.9", 40000, "10.0.1.7", 80), null));
    rows.add(Arguments.of("port range on a rule never matches ICMP", List.of(rule("ingress", 1, "accept", null, ANY, ANY, null, HTTP)),
        Direction.INGRESS, icmp("10.9.9.9", "10.0.1.7"), null));
    rows.add(Arguments.of("source port range, lower half of subnet", fromSubnet, Direction.EGRESS, udp("10.0.1.20", 5000, "1.1.1.1", 53), "tmfr-egress5"));
    rows.add(Arguments.of("source port below the range", fromSubnet, Direction.EGRESS, udp("10.0.1.20", 53, "1.1.1.1", 53), null));
    rows.add(Arguments.of("rule 1 rejects the upper half first", fromSubnet, Direction.EGRESS, udp("10.0.1.200", 5000, "1.1.1.1", 53), "tmfr-egress1"));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decidingRule_matchesTable(String name, List<MirrorFilterRule> rules, Direction direction, InnerPacket packet, String expected) {
    assertThat(FilterEvaluation.decidingRule(rules, direction, packet).map(MirrorFilterRule::id).orElse(null)).isEqualTo(expected);
    boolean accepted = expected != null && rules.stream().anyMatch(r -> r.id().equals(expected) && r.ruleAction().equals("accept"));
    assertThat(FilterEvaluation.accepts(rules, direction, packet)).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "{0} in {1}: {2}")
  @MethodSource("cidrs")
  void inCidr_matchesTable(String address, String cidr, boolean expected) throws Exception {
    assertThat(FilterEvaluation.inCidr(cidr, InetAddress.getByName(address))).isEqualTo(expected);
  }

  static Stream<Arguments> cidrs() {
    return Stream.of(
        Arguments.of("10.0.1.5", "0.0.0.0/0", true),
        Arguments.of("10.0.1.5", "10.0.0.0/16", true),
        Arguments.of("10.1.1.5", "10.0.0.0/16", false),
        Arguments.of("10.0.1.5", "10.0.1.5/32", true),
        Arguments.of("10.0.1.6", "10.0.1.5/32", false),
        Arguments.of("2001:db8::1", "0.0.0.0/0", false),
        Arguments.of("2001:db8::1", "::/0", true),
        Arguments.of("2001:db8::1", "2001:db8::/32", true),
        Arguments.of("2001:db9::1", "2001:db8::/32", false));
  }
}
