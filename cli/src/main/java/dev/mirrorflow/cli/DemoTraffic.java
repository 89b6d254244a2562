package dev.mirrorflow.cli;

import com.sun.net.httpserver.HttpServer;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.dataplane.DataPlane;
import dev.mirrorflow.local.dataplane.Direction;
import dev.mirrorflow.local.dataplane.Injection;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorFilterRule;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.receiver.Capture;
import dev.mirrorflow.receiver.pcapng.RotatingPcapngSink;
import dev.mirrorflow.receiver.replay.ReplayPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The demo's data-plane chapter: traffic injected on the VPC's ENIs goes through the mirror
 * sessions of the local cloud to an in-process {@code mirrorflow receive}, which writes pcapng and
 * replays the HTTP requests to a small local HTTP server; a port the filter rejects is not
 * mirrored; after remove-vpc nothing arrives.
 */
final class DemoTraffic implements AutoCloseable {
  /** How the demo records a check. */
  interface Checks {
    void check(String what, boolean held, String detail);
  }

  private static final InetAddress CLIENT = address("10.20.99.9");
  private static final int SSH = 22;

  private final LocalCloud cloud;
  private final Ec2World world;
  private final DataPlane dataPlane;
  private final String vpc;
  private final String targetId;
  private final String filterId;
  private final PrintWriter out;
  private final Checks checks;
  private final List<String> arrived = Collections.synchronizedList(new ArrayList<>());
  private HttpServer web;
  private Capture capture;
  private Path directory;
  private List<String> mirroredEnis = List.of();

  DemoTraffic(LocalCloud cloud, String vpc, String targetId, String filterId, PrintWriter out, Checks checks) {
    this.cloud = cloud;
    this.world = cloud.ec2().world();
    this.dataPlane = cloud.dataPlane();
    this.vpc = vpc;
    this.targetId = targetId;
    this.filterId = filterId;
    this.out = out;
    this.checks = checks;
  }

  /** While the VPC is mirrored: HTTP to every ENI with an owned session, SSH rejected by the filter. */
  void whileMirrored(String cluster) {
    say("6. Traffic: an HTTP request to each mirrored ENI, and SSH, which the filter rejects");
    try {
      start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the demo's receiver: " + e.getMessage(), e);
    }
    world.createFilterRule(new MirrorFilterRule(null, filterId, "ingress", 10, "reject", 6, "0.0.0.0/0", "0.0.0.0/0",
        new MirrorFilterRule.PortRange(SSH, SSH), null, "no SSH"));
    say("   filter " + filterId + ": ingress rule 10 rejects TCP port 22 (before rule 100, accept all)");
    say("   $ mirrorflow receive --listen " + hostPort(capture.receiver().localAddress()) + " --write " + directory
        + " --replay-to http://" + hostPort(web.getAddress()));

    Map<String, MirrorSession> owned = new TreeMap<>();
    for (MirrorSession s : world.sessions()) {
      if (cluster.equals(world.tags(s.id()).get("mirrorflow:cluster")) && inVpc(s.networkInterfaceId())) {
        owned.put(s.networkInterfaceId(), s);
      }
    }
    long expected = 0;
    Set<String> expectedPaths = new TreeSet<>();
    List<String> reachedUs = new ArrayList<>();
    boolean sshMirrored = false;
    for (Map.Entry<String, MirrorSession> e : owned.entrySet()) {
      String eni = e.getKey();
      String path = "/orders/" + eni;
      List<Injection> http = dataPlane.injectConversation(eni, true, CLIENT, 80, request(path), response());
      long ours = http.stream().filter(i -> e.getValue().id().equals(i.sessionId()) && i.mirrored()).count();
      String firstSession = http.stream().map(Injection::sessionId).filter(java.util.Objects::nonNull).findFirst().orElse("none");
      if (ours > 0) {
        expected += ours;
        expectedPaths.add(path);
        reachedUs.add(eni);
        say("   " + eni + ": " + http.size() + " packets, " + ours + " mirrored by " + e.getValue().id()
            + " (VNI " + e.getValue().virtualNetworkId() + ")");
      } else {
        say("   " + eni + ": " + http.size() + " packets, mirrored by " + firstSession
            + " (a session with a lower number comes first: each packet is mirrored once)");
      }
      List<Injection> ssh = dataPlane.injectConversation(eni, true, CLIENT, SSH, new byte[0], new byte[0]);
      for (Injection i : ssh) {
        if (i.mirrored() && i.sessionId().equals(e.getValue().id())) {
          expected++;
          sshMirrored |= i.direction() == Direction.INGRESS;
        }
      }
    }
    mirroredEnis = reachedUs;
    long target = expected;
    boolean all = await(() -> capture.receiver().datagrams() >= target);
    checks.check("the receiver got every packet the owned sessions mirrored", all && capture.receiver().datagrams() == target,
        capture.receiver().datagrams() + " of " + target);
    checks.check("no SSH packet to port 22 (ingress) mirrored by an owned session; its replies (egress) are", !sshMirrored, "");
    say("   packets per VNI: " + capture.metrics().packetsPerVni());
    Map<String, String> enisBySource = new TreeMap<>();
    world.networkInterfaces().forEach(n -> enisBySource.put(DataPlane.outerSource(n.privateIpAddress()).getHostAddress(), n.id()));
    capture.metrics().packetsPerSource().forEach((source, n) ->
        say("   from " + source + " (" + enisBySource.getOrDefault(source, "?") + "): " + n + " packets"));
    boolean replayed = await(() -> arrived.size() >= expectedPaths.size());
    checks.check("the HTTP requests were replayed to the local HTTP server", replayed && new TreeSet<>(arrived).equals(expectedPaths),
        "arrived " + arrived);
    Set<String> sources = new TreeSet<>();
    reachedUs.forEach(eni -> world.networkInterface(eni)
        .ifPresent(n -> sources.add(DataPlane.outerSource(n.privateIpAddress()).getHostAddress())));
    checks.check("each ENI's packets came from its own outer source address",
        !sources.isEmpty() && capture.metrics().packetsPerSource().keySet().equals(sources),
        capture.metrics().packetsPerSource().keySet() + ", expected " + sources);
  }

  /** After remove-vpc: the same traffic again, and nothing arrives. */
  void afterRemoval() {
    say("");
    say("7. The same traffic after remove-vpc");
    long before = capture.receiver().datagrams();
    long mirroredAfter = 0;
    for (String eni : mirroredEnis) {
      if (world.networkInterface(eni).isPresent()) {
        mirroredAfter += dataPlane.injectConversation(eni, true, CLIENT, 80, request("/after"), response()).stream()
            .filter(Injection::mirrored).count();
      }
    }
    capture.close();
    checks.check("no packet mirrored after remove-vpc", mirroredAfter == 0 && capture.receiver().datagrams() == before,
        mirroredAfter + " mirrored, " + (capture.receiver().datagrams() - before) + " received");
    ReceiveCommand.summary(capture, out);
    boolean written = !capture.files().isEmpty() && capture.files().stream().allMatch(f -> size(f) > 0);
    checks.check("the capture was written as pcapng", written, capture.files().toString());
    say("   read it with: tshark -r " + (capture.files().isEmpty() ? directory : capture.files().get(0)));
  }

  @Override
  public void close() {
    if (capture != null) {
      capture.close();
    }
    if (web != null) {
      web.stop(0);
    }
  }

  private void start() throws IOException {
    web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext("/", exchange -> {
      arrived.add(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    web.start();
    directory = Files.createTempDirectory("mirrorflow-demo-");
    capture = Capture.start(new Capture.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new RotatingPcapngSink.Options(directory, "demo", 100L << 20, Duration.ofHours(1), false),
        ReplayPolicy.all(URI.create("http://" + hostPort(web.getAddress()))), Duration.ofSeconds(1), null), f -> {});
    dataPlane.deliverTo(targetId, capture.receiver().localAddress());
  }

  private boolean inVpc(String eniId) {
    return world.networkInterface(eniId).map(NetworkInterface::vpcId).map(vpc::equals).orElse(false);
  }

  private static byte[] request(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: shop.internal\r\nUser-Agent: demo\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] response() {
    return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
  }

  /** Waits for the receiver's thread, in real time (loopback delivery takes milliseconds). */
  private static boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }
}
