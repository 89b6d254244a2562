package dev.mirrorflow.receiver.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class InnerPacketTest {

  @Test
  void tcp_whenBuilt_matchesHandCheckedBytes() throws Exception {
    byte[] frame = Frames.tcp(InetAddress.getByName("10.0.0.1"), 1234, InetAddress.getByName("10.0.0.2"), 80,
        1, 0, InnerPacket.SYN, new byte[0]);
    // Ethernet 02:00:00:00:00:02 <- 02:00:00:00:00:01 IPv4; IP len 40, DF, TTL 64, TCP, checksum 0x26ce;
    // TCP 1234 -> 80 seq 1, data offset 5, SYN, window 65535, checksum 0x96bd (checked by hand, RFC 1071)
    assertThat(HexFormat.of().formatHex(frame)).isEqualTo(
        "020000000002" + "020000000001" + "0800"
            + "45000028" + "00004000" + "400626ce" + "0a000001" + "0a000002"
            + "04d20050" + "00000001" + "00000000" + "5002ffff" + "96bd0000");
  }

  @Test
  void parse_whenTcpWithPayload_readsAddressesPortsAndPayload() throws Exception {
    byte[] payload = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] frame = Frames.tcp(InetAddress.getByName("10.0.0.1"), 40000, InetAddress.getByName("10.0.0.2"), 80,
        1000, 5, InnerPacket.ACK, payload);
    InnerPacket p = InnerPacket.parse(frame, 0, frame.length).orElseThrow();
    assertThat(p.source().getHostAddress()).isEqualTo("10.0.0.1");
    assertThat(p.destinationPort()).isEqualTo(80);
    assertThat(p.sequence()).isEqualTo(1000);
    assertThat(p.has(InnerPacket.ACK)).isTrue();
    assertThat(p.payloadLength()).isEqualTo(payload.length);
    assertThat(p.originalLength()).isEqualTo(frame.length);
  }

  @Test
  void parse_whenTruncated_keepsOriginalLengthFromIpHeader() throws Exception {
    byte[] frame = Frames.udp(InetAddress.getByName("10.0.0.1"), 53, InetAddress.getByName("10.0.0.2"), 53, new byte[1000]);
    InnerPacket p = InnerPacket.parse(frame, 0, 100).orElseThrow();
    assertThat(p.originalLength()).isEqualTo(frame.length);
    assertThat(p.payloadLength()).isEqualTo(100 - 14 - 20 - 8);
  }

  @Test
  void parse_whenNotIp_isEmpty() {
    byte[] arp = HexFormat.of().parseHex("ffffffffffff0200000000010806" + "0001080006040001");
    assertThat(InnerPacket.parse(arp, 0, arp.length)).isEmpty();
    assertThat(InnerPacket.originalLength(arp, 0, arp.length)).isEqualTo(arp.length);
  }
}
