package dev.mirrorflow.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.receiver.packet.DropReason;
import dev.mirrorflow.receiver.packet.Frames;
import dev.mirrorflow.receiver.packet.Vxlan;
import dev.mirrorflow.receiver.pcapng.PcapngFile;
import dev.mirrorflow.receiver.pcapng.RotatingPcapngSink;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverTest {
  @TempDir Path dir;

  @Test
  void receive_whenMixOfGoodAndMalformedDatagrams_writesGoodOnesAndCountsTheRest() throws Exception {
    ReceiverMetrics metrics = new ReceiverMetrics();
    RotatingPcapngSink pcap = new RotatingPcapngSink(
        new RotatingPcapngSink.Options(dir, "mirror", 1L << 30, Duration.ofHours(1), false), p -> {});
    Receiver receiver = Receiver.start(new InetSocketAddress("127.0.0.1", 0), List.of(pcap), metrics, Clock.systemUTC());
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b = InetAddress.getByName("10.0.0.2");
    byte[] small = Frames.udp(a, 1000, b, 2000, new byte[100]);
    byte[] jumbo = Frames.tcp(a, 40000, b, 80, 1, 1, 0x18, new byte[9001 - 14 - 20 - 20]);
    byte[] truncated = java.util.Arrays.copyOf(Frames.udp(a, 1000, b, 2000, new byte[1400]), 200);
    try (DatagramSocket sender = new DatagramSocket()) {
      InetSocketAddress to = receiver.localAddress();
      send(sender, to, Vxlan.encode(7, small));
      send(sender, to, Vxlan.encode(8, jumbo));
      send(sender, to, Vxlan.encode(7, truncated));
      send(sender, to, new byte[3]);
      send(sender, to, new byte[] {0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14});
      send(sender, to, Vxlan.encode(9, new byte[10]));
      send(sender, to, Vxlan.encode(7, small));
      Await.until(() -> receiver.datagrams() == 7);
    }
    receiver.close();

    assertThat(metrics.packets(7)).isEqualTo(3);
    assertThat(metrics.packets(8)).isEqualTo(1);
    assertThat(metrics.bytes(8)).isEqualTo(9001);
    assertThat(metrics.truncated(7)).isEqualTo(1);
    assertThat(metrics.drops(DropReason.SHORT_HEADER)).isEqualTo(1);
    assertThat(metrics.drops(DropReason.NO_VNI_FLAG)).isEqualTo(1);
    assertThat(metrics.drops(DropReason.SHORT_FRAME)).isEqualTo(1);
    assertThat(receiver.failure()).isNull();

    assertThat(pcap.completed()).hasSize(1);
    PcapngFile file = PcapngFile.read(pcap.completed().get(0));
    assertThat(file.packets()).hasSize(4);
    assertThat(file.packets()).extracting(p -> file.interfaceOf(p).name())
        .containsExactly("vni-7", "vni-8", "vni-7", "vni-7");
    assertThat(file.packets().get(1).data()).isEqualTo(jumbo);
    assertThat(file.packets().get(2).capturedLength()).isEqualTo(200);
    assertThat(file.packets().get(2).originalLength()).isEqualTo(14 + 20 + 8 + 1400);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".pcapng"));
    }
  }

  @Test
  void receive_whenSplitBySource_recordsOneInterfacePerOuterSource() throws Exception {
    ReceiverMetrics metrics = new ReceiverMetrics();
    RotatingPcapngSink pcap = new RotatingPcapngSink(
        new RotatingPcapngSink.Options(dir, "split", 1L << 30, Duration.ofHours(1), true), p -> {});
    Receiver receiver = Receiver.start(new InetSocketAddress("127.0.0.1", 0), List.of(pcap), metrics, Clock.systemUTC());
    byte[] frame = Frames.udp(InetAddress.getByName("10.0.0.1"), 1, InetAddress.getByName("10.0.0.2"), 2, new byte[10]);
    try (DatagramSocket one = new DatagramSocket(new InetSocketAddress("127.0.0.11", 0));
        DatagramSocket two = new DatagramSocket(new InetSocketAddress("127.0.0.12", 0))) {
      send(one, receiver.localAddress(), Vxlan.encode(5, frame));
      send(two, receiver.localAddress(), Vxlan.encode(5, frame));
      send(one, receiver.localAddress(), Vxlan.encode(5, frame));
      Await.until(() -> receiver.datagrams() == 3);
    }
    receiver.close();

    PcapngFile file = PcapngFile.read(pcap.completed().get(0));
    assertThat(file.interfaces()).extracting(PcapngFile.Interface::name).containsExactly("127.0.0.11", "127.0.0.12");
    assertThat(file.packets()).extracting(PcapngFile.Packet::interfaceId).containsExactly(0, 1, 0);
    assertThat(metrics.packetsPerSource()).containsEntry("127.0.0.11", 2L).containsEntry("127.0.0.12", 1L);
  }

  @Test
  void rotate_whenSizeOrAgeReached_startsNewFilesAndLosesNothing() throws Exception {
    List<Path> announced = new ArrayList<>();
    RotatingPcapngSink pcap = new RotatingPcapngSink(
        new RotatingPcapngSink.Options(dir, "rot", 4096, Duration.ofSeconds(10), false), announced::add);
    byte[] frame = Frames.udp(InetAddress.getByName("10.0.0.1"), 1, InetAddress.getByName("10.0.0.2"), 2, new byte[1000]);
    long t = 1_700_000_000_000_000L;
    for (int i = 0; i < 10; i++) {
      pcap.accept(new MirroredPacket(3, InetAddress.getLoopbackAddress(), t + i, frame, 0, frame.length, frame.length));
    }
    pcap.accept(new MirroredPacket(3, InetAddress.getLoopbackAddress(), t + 20_000_000, frame, 0, frame.length, frame.length));
    pcap.tick(t + 40_000_000);
    pcap.close();

    // 4096 bytes hold the headers and 4 packets of ~1,076 bytes; the 11th packet comes 20 s later (age)
    assertThat(announced).isEqualTo(pcap.completed());
    int total = 0;
    for (Path p : announced) {
      total += PcapngFile.read(p).packets().size();
    }
    assertThat(total).isEqualTo(11);
    assertThat(announced).hasSize(4);
    assertThat(PcapngFile.read(announced.get(3)).packets()).hasSize(1);
  }

  private static void send(DatagramSocket socket, InetSocketAddress to, byte[] data) throws Exception {
    socket.send(new DatagramPacket(data, data.length, to));
  }
}
