package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.receiver.packet.Frames;
import dev.mirrorflow.receiver.packet.Vxlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiveCommandTest {
  @TempDir Path dir;

  @Test
  void receive_whenRunForADuration_writesPcapngServesMetricsAndSummarises() throws Exception {
    int udpPort;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udpPort = probe.getLocalPort();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Mirrorflow.run(new String[] {
        "receive", "--listen", "127.0.0.1:" + udpPort, "--write", dir.toString(), "--duration", "3s",
        "--stats-every", "1s", "--metrics-port", "0"}, new PrintWriter(out, true), new PrintWriter(err, true)));
    byte[] frame = Frames.udp(InetAddress.getByName("10.0.0.1"), 1, InetAddress.getByName("10.0.0.2"), 2, new byte[9001 - 42]);
    byte[] datagram = Vxlan.encode(77, frame);
    String metrics = null;
    try (DatagramSocket sender = new DatagramSocket()) {
      while (!run.isDone()) {
        sender.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress("127.0.0.1", udpPort)));
        sender.send(new DatagramPacket(new byte[3], 3, new InetSocketAddress("127.0.0.1", udpPort)));
        String printed = out.toString();
        int at = printed.indexOf("metrics on ");
        if (metrics == null && at >= 0 && printed.contains("packets: vni 77=")) {
          String url = printed.substring(at + "metrics on ".length()).lines().findFirst().orElseThrow();
          metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString()).body();
        }
        Thread.sleep(20);
      }
    }
    assertThat(run.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("receiving VXLAN on udp /127.0.0.1:" + udpPort).contains("wrote ")
        .containsPattern("vni 77 +\\d+ packets").containsPattern("dropped short_header +\\d+");
    assertThat(metrics).isNotNull();
    assertThat(metrics).contains("mirrorflow_receiver_packets_total{vni=\"77\"}")
        .contains("mirrorflow_receiver_drops_total{reason=\"short_header\"}");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.toList();
    }
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).endsWith(".pcapng");
    ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(files.get(0))).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(head.getInt(0)).isEqualTo(0x0A0D0D0A);
    assertThat(head.getInt(8)).isEqualTo(0x1A2B3C4D);
  }

  @Test
  void receive_whenOptionsBad_exits2WithMessage() {
    for (String[] args : List.of(
        new String[] {"receive", "--listen", "nowhere"},
        new String[] {"receive", "--write", dir.toString(), "--rotate-size", "lots"},
        new String[] {"receive", "--rotate-every", "0s", "--write", dir.toString()},
        new String[] {"receive", "--replay-to", "ftp://x"},
        new String[] {"receive", "--replay-to", "http://127.0.0.1:1", "--replay-header", "novalue"})) {
      StringWriter err = new StringWriter();
      int code = Mirrorflow.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
      assertThat(code).as(String.join(" ", args)).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
      assertThat(err.toString()).startsWith("mirrorflow: ");
    }
  }

  @Test
  void size_whenSuffixed_countsBytes() {
    assertThat(ReceiveCommand.size("100M")).isEqualTo(100L << 20);
    assertThat(ReceiveCommand.size("2g")).isEqualTo(2L << 30);
    assertThat(ReceiveCommand.size("4096")).isEqualTo(4096);
  }
}
