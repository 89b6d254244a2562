package dev.mirrorflow.receiver.pcapng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mirrorflow.receiver.MirroredPacket;
import dev.mirrorflow.receiver.packet.Frames;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's own reader (tshark) and tcpdump read what the receiver writes. CI installs both
 * (apt-get install tshark tcpdump); where they are absent the test is skipped, not passed.
 */
class TsharkReadsPcapngTest {
  @TempDir Path dir;

  @Test
  void tshark_whenReadingReceiverFile_seesInterfacesLengthsAndPorts() throws Exception {
    assumeTrue(onPath("tshark"), "tshark is not installed (apt-get install tshark)");
    Path file = write();
    List<String> lines = run("tshark", "-r", file.toString(), "-T", "fields", "-E", "separator=,",
        "-e", "frame.interface_name", "-e", "frame.len", "-e", "frame.cap_len", "-e", "tcp.dstport", "-e", "udp.dstport");
    assertThat(lines).containsExactly(
        "vni-42,74,74,80,",
        "vni-42,9001,9001,80,",
        "vni-43,1442,128,,53");
  }

  @Test
  void tcpdump_whenReadingReceiverFile_readsEveryPacket() throws Exception {
    assumeTrue(onPath("tcpdump"), "tcpdump is not installed (apt-get install tcpdump)");
    Path file = write();
    List<String> lines = run("tcpdump", "-nn", "-r", file.toString());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("10.1.0.5.40000 > 10.1.0.9.80").contains("Flags [S]");
    assertThat(lines.get(2)).contains("10.1.0.5.5353 > 10.1.0.9.53");
  }

  private Path write() throws IOException {
    InetAddress a = InetAddress.getByName("10.1.0.5");
    InetAddress b = InetAddress.getByName("10.1.0.9");
    byte[] syn = Frames.tcp(a, 40000, b, 80, 100, 0, 0x02, new byte[20]);
    byte[] jumbo = Frames.tcp(a, 40000, b, 80, 101, 0, 0x18, new byte[9001 - 54]);
    byte[] dns = Frames.udp(a, 5353, b, 53, new byte[1400]);
    RotatingPcapngSink sink = new RotatingPcapngSink(
        new RotatingPcapngSink.Options(dir, "t", 1L << 30, Duration.ofHours(1), false), p -> {});
    long t = 1_700_000_000_000_000L;
    sink.accept(new MirroredPacket(42, a, t, syn, 0, syn.length, syn.length));
    sink.accept(new MirroredPacket(42, a, t + 1, jumbo, 0, jumbo.length, jumbo.length));
    sink.accept(new MirroredPacket(43, a, t + 2, dns, 0, 128, dns.length));
    sink.close();
    return sink.completed().get(0);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(java.io.File.pathSeparator)).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  private static List<String> run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s exit code", command[0]).isZero();
    return out.lines().toList();
  }
}
