package dev.mirrorflow.bench;

import static dev.mirrorflow.bench.Bench.f;
import static dev.mirrorflow.bench.Bench.row;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.mirrorflow.receiver.Capture;
import dev.mirrorflow.receiver.pcapng.RotatingPcapngSink;
import dev.mirrorflow.receiver.packet.Frames;
import dev.mirrorflow.receiver.packet.TcpConversation;
import dev.mirrorflow.receiver.packet.Vxlan;
import dev.mirrorflow.receiver.replay.ReplayPolicy;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The receiver on loopback: throughput of {@code mirrorflow receive} writing pcapng against a bare UDP
 * loop that only counts datagrams (same socket buffer, same sender, same run), for 1,500- and
 * 9,001-byte frames; and HTTP replay: requests a second and the latency it adds, against the same
 * requests sent straight to the same server.
 *
 * <p>The sender is closed-loop: it keeps at most a window of datagrams unreceived, smaller than the
 * socket's receive buffer, so a run with zero drops measures what the receiver sustains.
 */
final class ReceiverBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SOCKET_BUFFER = 16 << 20;

  private ReceiverBench() {}

  static ObjectNode run(boolean quick) throws Exception {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode throughput = out.putArray("throughput");
    Duration each = Duration.ofSeconds(quick ? 2 : 5);
    for (int frameBytes : new int[] {1500, 9001}) {
      throughput.add(throughput(frameBytes, each));
    }
    out.set("replay", replay(quick ? 200 : 1000, quick ? 30 : 100));
    return out;
  }

  // ------------------------------------------------------------------ throughput

  private static ObjectNode throughput(int frameBytes, Duration each) throws Exception {
    byte[] frame = Frames.udp(InetAddress.getByName("10.0.0.1"), 40000, InetAddress.getByName("10.0.0.2"), 80,
        new byte[frameBytes - 14 - 20 - 8]);
    byte[] datagram = Vxlan.encode(7, frame);
    int window = window(datagram.length);

    // baseline: a bare loop that only counts datagrams
    AtomicLong bareCount = new AtomicLong();
    DatagramSocket bare = new DatagramSocket(null);
    bare.setReceiveBufferSize(SOCKET_BUFFER);
    bare.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread loop = new Thread(() -> {
      byte[] buffer = new byte[65_536];
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        while (true) {
          p.setLength(buffer.length);
          bare.receive(p);
          bareCount.incrementAndGet();
        }
      } catch (IOException closed) {
        // the socket was closed: the run is over
      }
    }, "bench-bare-udp");
    loop.start();
    // a first, uncounted second on each side: the JIT compiles the path before it is measured
    send(datagram, (InetSocketAddress) bare.getLocalSocketAddress(), bareCount::get, window, Duration.ofSeconds(1));
    Run baseline = send(datagram, (InetSocketAddress) bare.getLocalSocketAddress(), bareCount::get, window, each);
    bare.close();
    loop.join();

    Path dir = Files.createTempDirectory("mirrorflow-bench-receiver-");
    Capture capture = Capture.start(new Capture.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new RotatingPcapngSink.Options(dir, "bench", 256L << 20, Duration.ofHours(1), false), null, Duration.ofSeconds(5), null),
        f -> {});
    send(datagram, capture.receiver().localAddress(), () -> capture.receiver().datagrams(), window, Duration.ofSeconds(1));
    long warm = capture.metrics().packets(7);
    Run receiver = send(datagram, capture.receiver().localAddress(), () -> capture.receiver().datagrams(), window, each);
    capture.close();
    long written = 0;
    for (Path f : capture.files()) {
      written += Files.size(f);
    }
    long receiverDrops = receiver.sent - (capture.metrics().packets(7) - warm);
    deleteAll(dir);

    ObjectNode o = JSON.createObjectNode();
    o.put("frameBytes", frameBytes).put("window", window);
    o.put("bareLoopPacketsPerSecond", baseline.perSecond()).put("bareLoopGbits", baseline.gbits(frameBytes))
        .put("bareLoopDrops", baseline.sent - baseline.received);
    o.put("receiverPacketsPerSecond", receiver.perSecond()).put("receiverGbits", receiver.gbits(frameBytes))
        .put("receiverDrops", receiverDrops).put("pcapngBytesWritten", written).put("pcapngFiles", capture.files().size());
    o.put("ratioToBareLoop", receiver.perSecond() / baseline.perSecond());
    return o;
  }

  /** Datagrams sent and received in a closed-loop run, and for how long. */
  private record Run(long sent, long received, double seconds) {
    double perSecond() {
      return received / seconds;
    }

    double gbits(int frameBytes) {
      return perSecond() * frameBytes * 8 / 1e9;
    }
  }

  private static Run send(byte[] datagram, InetSocketAddress to, LongSupplier counter, int window, Duration each)
      throws Exception {
    long base = counter.getAsLong();
    LongSupplier received = () -> counter.getAsLong() - base;
    try (DatagramSocket sender = new DatagramSocket()) {
      DatagramPacket p = new DatagramPacket(datagram, datagram.length, to);
      long sent = 0;
      long start = System.nanoTime();
      long end = start + each.toNanos();
      while (System.nanoTime() < end) {
        if (sent - received.getAsLong() < window) {
          sender.send(p);
          sent++;
        } else {
          LockSupport.parkNanos(20_000);
        }
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (received.getAsLong() < sent && System.nanoTime() < deadline) {
        LockSupport.parkNanos(20_000);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Run(sent, received.getAsLong(), seconds);
    }
  }

  /** Datagrams in flight: a quarter of the receive buffer the kernel grants, at twice the datagram's size (its accounting). */
  private static int window(int datagramBytes) throws IOException {
    try (DatagramSocket probe = new DatagramSocket(null)) {
      probe.setReceiveBufferSize(SOCKET_BUFFER);
      return Math.max(4, probe.getReceiveBufferSize() / 4 / (2 * datagramBytes + 512));
    }
  }

  // ------------------------------------------------------------------ replay

  private static ObjectNode replay(int burst, int sequential) throws Exception {
    Map<String, Long> arrivals = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      arrivals.put(exchange.getRequestURI().getPath(), System.nanoTime());
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ObjectNode o = JSON.createObjectNode();
    try {
      // warm both paths
      directBurst(direct, target, "warm", 50, arrivals);
      Capture capture = Capture.start(new Capture.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
          ReplayPolicy.all(target), Duration.ofSeconds(2), null), f -> {});
      try (DatagramSocket sender = new DatagramSocket()) {
        replayBurst(capture, sender, "warm-replay", 50, arrivals);

        double directRate = directBurst(direct, target, "direct", burst, arrivals);
        double replayRate = replayBurst(capture, sender, "replay", burst, arrivals);
        o.put("requests", burst).put("directRequestsPerSecond", directRate).put("replayRequestsPerSecond", replayRate)
            .put("ratioToDirect", replayRate / directRate);

        List<Double> directLatency = new ArrayList<>();
        List<Double> replayLatency = new ArrayList<>();
        long phaseEnd = System.nanoTime() + 60_000_000_000L;
        int done = 0;
        for (int i = 0; i < sequential && System.nanoTime() < phaseEnd; i++, done++) {
          String path = "/seq-direct-" + i;
          long t0 = System.nanoTime();
          direct.send(HttpRequest.newBuilder(target.resolve(path)).build(), HttpResponse.BodyHandlers.discarding());
          directLatency.add((arrivals.get(path) - t0) / 1e6);
          String rpath = "/seq-replay-" + i;
          List<byte[]> datagrams = conversation(rpath, 20_000 + i);
          long t1 = System.nanoTime();
          for (byte[] d : datagrams) {
            sender.send(new DatagramPacket(d, d.length, capture.receiver().localAddress()));
          }
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (!arrivals.containsKey(rpath) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000);
          }
          Long at = arrivals.get(rpath);
          replayLatency.add(at == null ? Double.NaN : (at - t1) / 1e6);
        }
        o.put("sequentialRequests", done);
        o.put("directMedianMillis", percentile(directLatency, 50)).put("directP99Millis", percentile(directLatency, 99));
        o.put("replayMedianMillis", percentile(replayLatency, 50)).put("replayP99Millis", percentile(replayLatency, 99));
        o.put("addedMedianMillis", percentile(replayLatency, 50) - percentile(directLatency, 50));
      }
      capture.close();
      var report = capture.replayReport().orElseThrow();
      o.put("replayed", report.replayed()).put("failed", report.failed()).put("skipped", report.skippedTotal());
    } finally {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
    return o;
  }

  private static double directBurst(HttpClient client, URI target, String prefix, int n, Map<String, Long> arrivals)
      throws Exception {
    Semaphore inFlight = new Semaphore(256);
    long t0 = System.nanoTime();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      all.add(client.sendAsync(HttpRequest.newBuilder(target.resolve("/" + prefix + "-" + i)).build(),
          HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double replayBurst(Capture capture, DatagramSocket sender, String prefix, int n, Map<String, Long> arrivals)
      throws Exception {
    List<byte[]> datagrams = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      datagrams.addAll(conversation("/" + prefix + "-" + i, 30_000 + i % 30_000));
    }
    long before = capture.receiver().datagrams();
    long t0 = System.nanoTime();
    long sent = 0;
    for (byte[] d : datagrams) {
      while (sent - (capture.receiver().datagrams() - before) >= 256) {
        LockSupport.parkNanos(20_000);
      }
      sender.send(new DatagramPacket(d, d.length, capture.receiver().localAddress()));
      sent++;
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (int i = 0; i < n && System.nanoTime() < deadline; ) {
      if (arrivals.containsKey("/" + prefix + "-" + i)) {
        i++;
      } else {
        Thread.sleep(1);
      }
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static List<byte[]> conversation(String path, int clientPort) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (TcpConversation.Segment s : TcpConversation.of(InetAddress.getByName("10.1.0.10"), clientPort,
        InetAddress.getByName("10.1.0.20"), 80,
        ("GET " + path + " HTTP/1.1\r\nHost: shop.internal\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 1448,
        clientPort * 7919L, clientPort * 104729L)) {
      out.add(Vxlan.encode(5, s.frame()));
    }
    return out;
  }

  private static double percentile(List<Double> values, int p) {
    double[] sorted = values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static void deleteAll(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** The table's rows for this part. */
  static void table(StringBuilder t, com.fasterxml.jackson.databind.JsonNode r) {
    com.fasterxml.jackson.databind.JsonNode rb = r.path("receiver");
    if (rb.isMissingNode()) {
      return;
    }
    for (com.fasterxml.jackson.databind.JsonNode x : rb.path("throughput")) {
      row(t, "receiver, " + x.path("frameBytes").asInt() + "-byte frames, pcapng on",
          f("%.0f pkt/s, %.2f Gbit/s, %d drops", x.path("receiverPacketsPerSecond").asDouble(),
              x.path("receiverGbits").asDouble(), x.path("receiverDrops").asLong()),
          f("bare UDP loop %.0f pkt/s, %.2f Gbit/s", x.path("bareLoopPacketsPerSecond").asDouble(),
              x.path("bareLoopGbits").asDouble()),
          f("%.2fx", x.path("ratioToBareLoop").asDouble()), ">= 0.5x, 0 drops",
          x.path("ratioToBareLoop").asDouble() >= 0.5 && x.path("receiverDrops").asLong() == 0);
    }
    com.fasterxml.jackson.databind.JsonNode rp = rb.path("replay");
    row(t, "replay, " + rp.path("requests").asInt() + " requests",
        f("%.0f req/s, %d replayed, %d failed", rp.path("replayRequestsPerSecond").asDouble(), rp.path("replayed").asLong(),
            rp.path("failed").asLong()),
        f("direct %.0f req/s", rp.path("directRequestsPerSecond").asDouble()),
        f("%.2fx", rp.path("ratioToDirect").asDouble()), "(measured)", null);
    row(t, "replay added latency (median of " + rp.path("sequentialRequests").asInt() + ")",
        f("%.2f ms (p99 %.2f ms)", rp.path("replayMedianMillis").asDouble(), rp.path("replayP99Millis").asDouble()),
        f("direct %.2f ms (p99 %.2f ms)", rp.path("directMedianMillis").asDouble(), rp.path("directP99Millis").asDouble()),
        f("%+.2f ms", rp.path("addedMedianMillis").asDouble()), "(measured)", null);
  }


}
