package dev.mirrorflow.local.dataplane;

import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorFilter;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.MirrorTarget;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.ec2.LocalEc2Exception;
import dev.mirrorflow.receiver.packet.InnerPacket;
import dev.mirrorflow.receiver.packet.TcpConversation;
import dev.mirrorflow.receiver.packet.Vxlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local cloud's data plane. A packet injected on an ENI is offered to the ENI's sessions in
 * session-number order; the first session whose filter accepts it mirrors it, and no other. A
 * mirrored packet is cut to the session's packet length (8500 by default for a Network Load Balancer
 * target), wrapped in VXLAN with the session's VNI, and sent over UDP to the target's delivery
 * address on loopback, from an address of 127.0.0.0/8 derived from the ENI's private address (so a
 * receiver can tell ENIs apart).
 *
 * <p>A target's delivery address is set with {@link #deliverTo}, or by the tag {@value
 * #DELIVERY_TAG} on the target (e.g. from a scenario); without one, nothing is sent for it.
 */
public final class DataPlane implements AutoCloseable {
  /** A target tag naming its delivery address, {@code host:port} on loopback (local cloud only). */
  public static final String DELIVERY_TAG = "mirrorflow:local-delivery";
  /** AWS's default packet length for a session whose target is a Network Load Balancer. */
  static final int NLB_DEFAULT_PACKET_LENGTH = 8500;
  private static final int DHCP_SERVER = 67;
  private static final int DHCP_CLIENT = 68;
  private static final int NTP = 123;

  private final Ec2World world;
  private final Map<String, InetSocketAddress> deliveries = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> notMirrored = new ConcurrentHashMap<>();
  private final Map<InetAddress, DatagramSocket> sockets = new ConcurrentHashMap<>();

  private static final class Counter {
    final AtomicLong packets = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong truncated = new AtomicLong();
  }

  public DataPlane(Ec2World world) {
    this.world = world;
  }

  /** Sends what {@code targetId}'s sessions mirror to {@code address} (loopback only). */
  public void deliverTo(String targetId, InetSocketAddress address) {
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the local data plane delivers on loopback only (127.0.0.0/8), got " + address);
    }
    if (world.targets().stream().noneMatch(t -> t.id().equals(targetId))) {
      throw LocalEc2Exception.notFound("InvalidTrafficMirrorTargetId.NotFound", "trafficMirrorTarget", targetId);
    }
    deliveries.put(targetId, address);
  }

  /** A target's delivery address: set by {@link #deliverTo}, else its {@value #DELIVERY_TAG} tag. */
  public Optional<InetSocketAddress> delivery(String targetId) {
    InetSocketAddress set = deliveries.get(targetId);
    if (set != null) {
      return Optional.of(set);
    }
    String tag = world.tags(targetId).get(DELIVERY_TAG);
    if (tag == null) {
      return Optional.empty();
    }
    int colon = tag.lastIndexOf(':');
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(tag.substring(0, colon)),
          Integer.parseInt(tag.substring(colon + 1)));
      return address.getAddress().isLoopbackAddress() ? Optional.of(address) : Optional.empty();
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every delivery address known, by target id. */
  public Map<String, InetSocketAddress> deliveries() {
    Map<String, InetSocketAddress> out = new TreeMap<>();
    for (MirrorTarget t : world.targets()) {
      delivery(t.id()).ifPresent(a -> out.put(t.id(), a));
    }
    return out;
  }

  /** Injects one Ethernet frame crossing {@code eniId} in {@code direction}. */
  public Injection inject(String eniId, Direction direction, byte[] frame) {
    NetworkInterface eni = world.networkInterface(eniId)
        .orElseThrow(() -> LocalEc2Exception.notFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", eniId));
    Optional<InnerPacket> parsed = InnerPacket.parse(frame, 0, frame.length);
    if (parsed.isEmpty()) {
      // ARP and other non-IP frames: AWS lists ARP among the traffic it cannot mirror
      return notMirrored(direction, "not-ip");
    }
    InnerPacket packet = parsed.get();
    if (notMirrorable(packet)) {
      return notMirrored(direction, "not-mirrorable");
    }
    List<MirrorSession> sessions = world.sessions().stream()
        .filter(s -> s.networkInterfaceId().equals(eni.id()))
        .sorted(Comparator.comparingInt(MirrorSession::sessionNumber))
        .toList();
    if (sessions.isEmpty()) {
      return notMirrored(direction, "no-session");
    }
    Map<String, MirrorFilter> filters = new TreeMap<>();
    world.filters().forEach(f -> filters.put(f.id(), f));
    for (MirrorSession session : sessions) {
      MirrorFilter filter = filters.get(session.filterId());
      if (filter != null && FilterEvaluation.accepts(filter.rules(), direction, packet)) {
        return mirror(eni, session, direction, frame);
      }
    }
    return notMirrored(direction, "filtered");
  }

  /**
   * Injects a whole TCP conversation (handshake, request, response, close) between the ENI's private
   * address and {@code peer}: as the server on {@code port} when {@code eniIsServer}, else as the
   * client of {@code peer}'s {@code port}. Each packet's direction follows from its source.
   */
  public List<Injection> injectConversation(String eniId, boolean eniIsServer, InetAddress peer, int port,
      byte[] request, byte[] response) {
    NetworkInterface eni = world.networkInterface(eniId)
        .orElseThrow(() -> LocalEc2Exception.notFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", eniId));
    InetAddress own = address(eni.privateIpAddress());
    InetAddress client = eniIsServer ? peer : own;
    InetAddress server = eniIsServer ? own : peer;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int clientPort = random.nextInt(32_768, 61_000);
    List<Injection> out = new ArrayList<>();
    for (TcpConversation.Segment s : TcpConversation.of(client, clientPort, server, port, request, response, 1448,
        random.nextLong(1L << 32), random.nextLong(1L << 32))) {
      boolean fromEni = s.fromClient() != eniIsServer;
      out.add(inject(eni.id(), fromEni ? Direction.EGRESS : Direction.INGRESS, s.frame()));
    }
    return out;
  }

  /** Counters of every session that has mirrored something, by session id. */
  public Map<String, SessionCounters> counters() {
    Map<String, SessionCounters> out = new TreeMap<>();
    counters.forEach((id, c) -> out.put(id, new SessionCounters(id, c.packets.get(), c.bytes.get(), c.truncated.get())));
    return out;
  }

  /** Packets not mirrored, by reason. */
  public Map<String, Long> notMirrored() {
    Map<String, Long> out = new TreeMap<>();
    notMirrored.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public void resetCounters() {
    counters.clear();
    notMirrored.clear();
  }

  /** The loopback address mirrored packets of an ENI come from: 127 and the last three bytes of its private IPv4. */
  public static InetAddress outerSource(String privateIpAddress) {
    byte[] ip = address(privateIpAddress).getAddress();
    if (ip.length != 4 || (ip[1] == 0 && ip[2] == 0 && (ip[3] == 0 || ip[3] == (byte) 255))) {
      return InetAddress.getLoopbackAddress();
    }
    try {
      return InetAddress.getByAddress(new byte[] {127, ip[1], ip[2], ip[3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an address", e);
    }
  }

  @Override
  public void close() {
    sockets.values().forEach(DatagramSocket::close);
    sockets.clear();
  }

  private Injection mirror(NetworkInterface eni, MirrorSession session, Direction direction, byte[] frame) {
    MirrorTarget target = world.targets().stream().filter(t -> t.id().equals(session.targetId())).findFirst().orElse(null);
    Optional<InetSocketAddress> to = target == null ? Optional.empty() : delivery(target.id());
    if (to.isEmpty()) {
      return new Injection(direction, session.id(), session.virtualNetworkId(), notMirroredReason("no-delivery-address"), 0);
    }
    Integer packetLength = session.packetLength();
    if (packetLength == null && target.type().equals("network-load-balancer")) {
      packetLength = NLB_DEFAULT_PACKET_LENGTH;
    }
    int length = packetLength == null ? frame.length : Math.min(frame.length, packetLength);
    byte[] datagram = Vxlan.encode(session.virtualNetworkId(), frame, 0, length);
    try {
      socket(outerSource(eni.privateIpAddress())).send(new DatagramPacket(datagram, datagram.length, to.get()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send a mirrored packet to " + to.get() + ": " + e.getMessage(), e);
    }
    Counter c = counters.computeIfAbsent(session.id(), id -> new Counter());
    c.packets.incrementAndGet();
    c.bytes.addAndGet(length);
    if (length < frame.length) {
      c.truncated.incrementAndGet();
    }
    return new Injection(direction, session.id(), session.virtualNetworkId(), null, length);
  }

  private Injection notMirrored(Direction direction, String reason) {
    return new Injection(direction, null, -1, notMirroredReason(reason), 0);
  }

  private String notMirroredReason(String reason) {
    notMirrored.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    return reason;
  }

  /** Traffic AWS documents it cannot mirror: DHCP, the instance metadata service, NTP (ARP is not IP). */
  static boolean notMirrorable(InnerPacket p) {
    String metadata = "169.254.169.254";
    if (p.source().getHostAddress().equals(metadata) || p.destination().getHostAddress().equals(metadata)) {
      return true;
    }
    if (p.protocol() != InnerPacket.UDP) {
      return false;
    }
    int s = p.sourcePort();
    int d = p.destinationPort();
    return s == DHCP_SERVER || s == DHCP_CLIENT || d == DHCP_SERVER || d == DHCP_CLIENT || s == NTP || d == NTP;
  }

  private DatagramSocket socket(InetAddress source) {
    return sockets.computeIfAbsent(source, a -> {
      try {
        return new DatagramSocket(new InetSocketAddress(a, 0));
      } catch (SocketException e) {
        try {
          // not every system routes all of 127.0.0.0/8 to loopback (macOS): fall back to 127.0.0.1
          return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException again) {
          throw new UncheckedIOException("cannot open a UDP socket on loopback: " + again.getMessage(), again);
        }
      }
    });
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }
}
