package dev.mirrorflow.local.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Ec2Service;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.Instance;
import dev.mirrorflow.local.ec2.MirrorFilterRule;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.receiver.packet.Frames;
import dev.mirrorflow.receiver.packet.InnerPacket;
import dev.mirrorflow.receiver.packet.Vxlan;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Packets injected on an ENI reach a UDP socket standing in for the target, as AWS mirrors them. */
class DataPlaneTest {
  private final Ec2World world = Ec2Service.create(LocalClock.create()).world();
  private final DataPlane dataPlane = new DataPlane(world);
  private DatagramSocket target;
  private String eni;
  private String eniIp;
  private String gwlbTarget;
  private String nlbTarget;

  @BeforeEach
  void world() throws Exception {
    target = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    target.setSoTimeout(5_000);
    var vpc = world.createVpc(null, "10.0.0.0/16", Map.of());
    var subnet = world.createSubnet(null, vpc.id(), "10.0.1.0/24", "us-east-1a", Map.of());
    Instance web = world.runInstances(subnet.id(), "m5.large", 1, Map.of(), Map.of()).get(0);
    NetworkInterface primary = world.networkInterfaces().stream()
        .filter(e -> e.attachment() != null && e.attachment().instanceId().equals(web.id())).findFirst().orElseThrow();
    eni = primary.id();
    eniIp = primary.privateIpAddress();
    gwlbTarget = world.createTarget(null, null, null, "vpce-0123456789abcdef0", "capture", Map.of()).id();
    nlbTarget = world.createTarget(null, null, "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/ids/1",
        null, "ids", Map.of()).id();
    dataPlane.deliverTo(gwlbTarget, (InetSocketAddress) target.getLocalSocketAddress());
    dataPlane.deliverTo(nlbTarget, (InetSocketAddress) target.getLocalSocketAddress());
  }

  @AfterEach
  void close() {
    dataPlane.close();
    target.close();
  }

  private String filter(MirrorFilterRule... rules) {
    String id = world.createFilter(null, "test", Map.of()).id();
    for (MirrorFilterRule r : rules) {
      world.createFilterRule(new MirrorFilterRule(null, id, r.trafficDirection(), r.ruleNumber(), r.ruleAction(), r.protocol(),
          r.destinationCidrBlock(), r.sourceCidrBlock(), r.destinationPortRange(), r.sourcePortRange(), null));
    }
    return id;
  }

  private static MirrorFilterRule accept(String dir, int n, Integer protocol, Integer dport) {
    return new MirrorFilterRule(null, null, dir, n, "accept", protocol, "0.0.0.0/0", "0.0.0.0/0",
        dport == null ? null : new MirrorFilterRule.PortRange(dport, dport), null, null);
  }

  private static MirrorFilterRule reject(String dir, int n, Integer protocol, Integer dport) {
    return new MirrorFilterRule(null, null, dir, n, "reject", protocol, "0.0.0.0/0", "0.0.0.0/0",
        dport == null ? null : new MirrorFilterRule.PortRange(dport, dport), null, null);
  }

  private String session(String targetId, String filterId, int number, int vni, Integer packetLength) {
    return world.createSession(new Ec2World.NewSession(null, eni, targetId, filterId, number, vni, packetLength, null, Map.of())).id();
  }

  private byte[] toEni(int port, int payload) throws Exception {
    return Frames.tcp(InetAddress.getByName("10.0.9.9"), 40000, InetAddress.getByName(eniIp), port, 7, 0, InnerPacket.ACK, new byte[payload]);
  }

  private DatagramPacket receive() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
    target.receive(p);
    return p;
  }

  private void assertNothingMore() throws Exception {
    // a marker sent after the packet under test arrives first only if nothing was sent before it
    byte[] marker = Vxlan.encode(0xABCDEF, new byte[14]);
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(marker, marker.length, target.getLocalSocketAddress()));
    }
    DatagramPacket p = receive();
    assertThat(Vxlan.decode(p.getData(), 0, p.getLength()).vni()).as("a mirrored packet arrived").isEqualTo(0xABCDEF);
  }

  @Test
  void inject_whenTwoSessionsAccept_onlyLowestSessionNumberMirrors() throws Exception {
    String all = filter(accept("ingress", 100, null, null), accept("egress", 100, null, null));
    String https = filter(accept("ingress", 10, 6, 443));
    session(gwlbTarget, all, 2, 22, null);
    String first = session(gwlbTarget, https, 1, 11, null);

    byte[] frame = toEni(443, 100);
    Injection injection = dataPlane.inject(eni, Direction.INGRESS, frame);
    assertThat(injection.sessionId()).isEqualTo(first);
    DatagramPacket p = receive();
    Vxlan.Decoded d = Vxlan.decode(p.getData(), 0, p.getLength());
    assertThat(d.vni()).isEqualTo(11);
    assertThat(Arrays.copyOfRange(p.getData(), d.frameOffset(), d.frameOffset() + d.frameLength())).isEqualTo(frame);
    assertThat(p.getAddress()).isEqualTo(DataPlane.outerSource(eniIp));
    assertNothingMore();

    // port 80 is not session 1's: the next session in number order mirrors it
    dataPlane.inject(eni, Direction.INGRESS, toEni(80, 10));
    assertThat(Vxlan.decode(receive().getData(), 0, 8 + 14 + 20 + 20 + 10).vni()).isEqualTo(22);
    assertNothingMore();
    assertThat(dataPlane.counters().get(first).packets()).isEqualTo(1);
  }

  @Test
  void inject_whenFilterRejectsOrNoRuleMatches_mirrorsNothing() throws Exception {
    session(gwlbTarget, filter(reject("ingress", 10, 6, 22), accept("ingress", 20, null, null)), 1, 5, null);
    assertThat(dataPlane.inject(eni, Direction.INGRESS, toEni(22, 0)).reason()).isEqualTo("filtered");
    // the filter has no egress rule: egress traffic is not mirrored
    byte[] egress = Frames.tcp(InetAddress.getByName(eniIp), 22, InetAddress.getByName("10.0.9.9"), 40000, 1, 1, InnerPacket.ACK, new byte[0]);
    assertThat(dataPlane.inject(eni, Direction.EGRESS, egress).reason()).isEqualTo("filtered");
    assertNothingMore();
    assertThat(dataPlane.notMirrored()).containsEntry("filtered", 2L);
  }

  @Test
  void inject_whenPacketLongerThanPacketLength_truncatesAfterVxlanHeader() throws Exception {
    String s = session(gwlbTarget, filter(accept("ingress", 1, null, null)), 1, 9, 100);
    byte[] frame = toEni(80, 1000);
    dataPlane.inject(eni, Direction.INGRESS, frame);
    DatagramPacket p = receive();
    assertThat(p.getLength()).isEqualTo(8 + 100);
    assertThat(Arrays.copyOfRange(p.getData(), 8, 108)).isEqualTo(Arrays.copyOf(frame, 100));
    assertThat(dataPlane.counters().get(s)).isEqualTo(new SessionCounters(s, 1, 100, 1));
  }

  @Test
  void inject_whenNlbTargetAndNoPacketLength_cutsAt8500() throws Exception {
    session(nlbTarget, filter(accept("ingress", 1, null, null)), 1, 9, null);
    dataPlane.inject(eni, Direction.INGRESS, toEni(80, 9001 - 54));
    assertThat(receive().getLength()).isEqualTo(8 + 8500);
  }

  @Test
  void inject_whenTrafficAwsCannotMirror_mirrorsNothing() throws Exception {
    session(gwlbTarget, filter(accept("ingress", 1, null, null), accept("egress", 1, null, null)), 1, 9, null);
    byte[] arp = HexFormat.of().parseHex("ffffffffffff0200000000010806" + "0001080006040001020000000001");
    byte[] dhcp = Frames.udp(InetAddress.getByName("0.0.0.0"), 68, InetAddress.getByName("255.255.255.255"), 67, new byte[300]);
    byte[] imds = Frames.tcp(InetAddress.getByName(eniIp), 40000, InetAddress.getByName("169.254.169.254"), 80, 1, 0, InnerPacket.SYN, new byte[0]);
    byte[] ntp = Frames.udp(InetAddress.getByName(eniIp), 123, InetAddress.getByName("169.254.169.123"), 123, new byte[48]);
    assertThat(dataPlane.inject(eni, Direction.EGRESS, arp).reason()).isEqualTo("not-ip");
    assertThat(dataPlane.inject(eni, Direction.EGRESS, dhcp).reason()).isEqualTo("not-mirrorable");
    assertThat(dataPlane.inject(eni, Direction.EGRESS, imds).reason()).isEqualTo("not-mirrorable");
    assertThat(dataPlane.inject(eni, Direction.EGRESS, ntp).reason()).isEqualTo("not-mirrorable");
    assertNothingMore();
  }

  @Test
  void injectConversation_whenEniIsServer_mirrorsBothDirectionsInOrder() throws Exception {
    session(gwlbTarget, filter(accept("ingress", 1, 6, null), accept("egress", 1, 6, null)), 1, 77, null);
    List<Injection> injected = dataPlane.injectConversation(eni, true, InetAddress.getByName("10.0.9.9"), 80,
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(injected).hasSize(8).allMatch(Injection::mirrored);
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < injected.size(); i++) {
      DatagramPacket p = receive();
      InnerPacket inner = InnerPacket.parse(p.getData(), 8, p.getLength() - 8).orElseThrow();
      seen.append(inner.destination().getHostAddress().equals(eniIp) ? "in " : "out ");
    }
    // SYN, SYN-ACK, ACK, request, response, FIN, FIN, ACK
    assertThat(seen.toString().trim()).isEqualTo("in out in in out in out in");
  }

  @Test
  void inject_whenNoDeliveryAddressOrSession_saysWhy() throws Exception {
    String orphan = world.createTarget(null, null, null, "vpce-0aaaaaaaaaaaaaaaa", null, Map.of()).id();
    assertThat(dataPlane.inject(eni, Direction.INGRESS, toEni(80, 0)).reason()).isEqualTo("no-session");
    session(orphan, filter(accept("ingress", 1, null, null)), 1, 3, null);
    assertThat(dataPlane.inject(eni, Direction.INGRESS, toEni(80, 0)).reason()).isEqualTo("no-delivery-address");
    assertThatThrownBy(() -> dataPlane.inject("eni-00000000000000000", Direction.INGRESS, toEni(80, 0)))
        .hasMessageContaining("eni-00000000000000000");
    assertThatThrownBy(() -> dataPlane.deliverTo(orphan, new InetSocketAddress("10.0.0.1", 4789)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delivery_whenTargetTagged_readsTheTag() {
    String tagged = world.createTarget(null, null, null, "vpce-0bbbbbbbbbbbbbbbb", null,
        Map.of(DataPlane.DELIVERY_TAG, "127.0.0.1:4789")).id();
    assertThat(dataPlane.delivery(tagged)).contains(new InetSocketAddress("127.0.0.1", 4789));
  }

  @Test
  void outerSource_whenPrivateIpv4_keepsItsLastThreeBytes() {
    assertThat(DataPlane.outerSource("10.20.1.7").getHostAddress()).isEqualTo("127.20.1.7");
    assertThat(DataPlane.outerSource("172.31.255.4").getHostAddress()).isEqualTo("127.31.255.4");
  }
}
