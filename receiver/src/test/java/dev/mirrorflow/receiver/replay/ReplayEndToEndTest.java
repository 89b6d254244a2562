package dev.mirrorflow.receiver.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mirrorflow.receiver.Receiver;
import dev.mirrorflow.receiver.ReceiverMetrics;
import dev.mirrorflow.receiver.packet.TcpConversation;
import dev.mirrorflow.receiver.packet.Vxlan;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mirrored HTTP conversations, reordered and duplicated on the way, replayed to a real HTTP server. */
class ReplayEndToEndTest {
  private HttpServer server;
  private final List<String> arrived = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      arrived.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host=" + exchange.getRequestHeaders().getFirst("Host")
          + " env=" + exchange.getRequestHeaders().getFirst("X-Env") + " body=" + body);
      int status = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void replay_whenConversationsReorderedAndDuplicated_sendsEachRequestOnceWithRewrites() throws Exception {
    ReceiverMetrics metrics = new ReceiverMetrics();
    URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    ReplayPolicy policy = new ReplayPolicy(target, Set.of("GET", "POST"), List.of(), 100, 0, "replay.test",
        Map.of("X-Env", "preprod"), 16);
    ReplaySink replay = new ReplaySink(policy, metrics, Duration.ofSeconds(2));
    Receiver receiver = Receiver.start(new InetSocketAddress("127.0.0.1", 0), List.of(replay), metrics, Clock.systemUTC());
    InetAddress client = InetAddress.getByName("10.0.1.10");
    InetAddress web = InetAddress.getByName("10.0.1.20");
    List<byte[]> datagrams = new ArrayList<>();
    List<TcpConversation.Segment> post = TcpConversation.of(client, 40001, web, 80,
        ascii("POST /orders?id=7 HTTP/1.1\r\nHost: shop.internal\r\nContent-Length: 11\r\n\r\n{\"qty\": 3}\n"),
        ascii("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"), 16, 0xFFFFFF00L, 5000);
    // the request's segments arrive in reverse order, and every one twice (mirrored from both ENIs)
    List<TcpConversation.Segment> clientData = new ArrayList<>(post.subList(3, post.size() - 4));
    Collections.reverse(clientData);
    for (TcpConversation.Segment s : post.subList(0, 3)) {
      datagrams.add(Vxlan.encode(11, s.frame()));
    }
    for (TcpConversation.Segment s : clientData) {
      datagrams.add(Vxlan.encode(11, s.frame()));
      datagrams.add(Vxlan.encode(12, s.frame()));
    }
    for (TcpConversation.Segment s : post.subList(post.size() - 4, post.size())) {
      datagrams.add(Vxlan.encode(11, s.frame()));
    }
    for (String request : List.of("GET /missing HTTP/1.1\r\nHost: shop.internal\r\n\r\n",
        "DELETE /orders/7 HTTP/1.1\r\nHost: shop.internal\r\n\r\n")) {
      int port = 40002 + datagrams.size();
      for (TcpConversation.Segment s : TcpConversation.of(client, port, web, 80, ascii(request),
          ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), 1460, 1, 2)) {
        datagrams.add(Vxlan.encode(11, s.frame()));
      }
    }
    try (DatagramSocket sender = new DatagramSocket()) {
      for (byte[] d : datagrams) {
        sender.send(new DatagramPacket(d, d.length, receiver.localAddress()));
      }
      dev.mirrorflow.receiver.Await.until(() -> receiver.datagrams() == datagrams.size());
    }
    receiver.close();

    assertThat(arrived).containsExactlyInAnyOrder(
        "POST /orders?id=7 host=replay.test env=preprod body={\"qty\": 3}\n",
        "GET /missing host=replay.test env=preprod body=");
    ReplayReport report = replay.report();
    assertThat(report.replayed()).isEqualTo(2);
    assertThat(report.failed()).isZero();
    assertThat(report.skipped()).isEqualTo(Map.of("method", 1L));
    assertThat(report.statuses()).isEqualTo(Map.of(200, 1L, 404, 1L));
    assertThat(replay.reassembler().duplicateBytes()).isGreaterThan(0);
  }

  @Test
  void replay_whenTargetDown_countsFailed() throws Exception {
    ReceiverMetrics metrics = new ReceiverMetrics();
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ReplaySink replay = new ReplaySink(ReplayPolicy.all(URI.create("http://127.0.0.1:" + closedPort)), metrics, Duration.ofSeconds(1));
    long t = 1_000_000;
    for (TcpConversation.Segment s : TcpConversation.of(InetAddress.getByName("10.0.0.1"), 1234,
        InetAddress.getByName("10.0.0.2"), 80, ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), new byte[0], 1460, 1, 1)) {
      replay.accept(new dev.mirrorflow.receiver.MirroredPacket(1, InetAddress.getLoopbackAddress(), t++, s.frame(), 0,
          s.frame().length, s.frame().length));
    }
    replay.close();
    assertThat(replay.report().failed()).isEqualTo(1);
    assertThat(replay.report().replayed()).isZero();
  }

  @Test
  void replay_whenPercentAndRateLimited_skipsTheRest() throws Exception {
    ReceiverMetrics metrics = new ReceiverMetrics();
    URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    ReplayClient half = new ReplayClient(new ReplayPolicy(target, Set.of(), List.of("/api"), 50, 0, null, Map.of(), 16), metrics);
    FlowKey flow = new FlowKey(InetAddress.getByName("10.0.0.1"), 1, InetAddress.getByName("10.0.0.2"), 80);
    for (int i = 0; i < 10; i++) {
      half.replay(new CapturedRequest(flow, "GET", "/api/" + i, "HTTP/1.1", List.of(), new byte[0], 0));
    }
    half.replay(new CapturedRequest(flow, "GET", "/other", "HTTP/1.1", List.of(), new byte[0], 0));
    half.close();
    assertThat(half.report().replayed()).isEqualTo(5);
    assertThat(half.report().skipped()).isEqualTo(Map.of("percent", 5L, "path", 1L));

        long[] now = {0};
    ReplayClient slow = new ReplayClient(new ReplayPolicy(target, Set.of(), List.of(), 100, 2, null, Map.of(), 16), metrics,
        () -> now[0]);
    for (int i = 0; i < 10; i++) {
      slow.replay(new CapturedRequest(flow, "GET", "/r" + i, "HTTP/1.1", List.of(), new byte[0], 0));
      now[0] += 100_000_000L;
    }
    slow.close();
    // 2 a second: a burst of 2 at 0 s, then one token per 500 ms over the next 900 ms
    assertThat(slow.report().replayed()).isEqualTo(3);
    assertThat(slow.report().skipped()).isEqualTo(Map.of("rate", 7L));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
