package dev.mirrorflow.receiver.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VxlanTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] FRAME = HEX.parseHex("0200000000020200000000010800");

  @Test
  void encode_whenVniHas24Bits_writesRfc7348Header() {
    byte[] datagram = Vxlan.encode(0x123456, FRAME);
    // flags 0x08 (I), 24 reserved bits, VNI 0x123456, 8 reserved bits (RFC 7348 section 5), then the frame
    assertThat(HEX.formatHex(datagram)).isEqualTo("0800000012345600" + "0200000000020200000000010800");
  }

  @Test
  void decode_whenReservedBitsSet_ignoresThemAndReadsVni() {
    byte[] datagram = HEX.parseHex("ffffffff000001ff" + "0200000000020200000000010800");
    Vxlan.Decoded decoded = Vxlan.decode(datagram, 0, datagram.length);
    assertThat(decoded.vni()).isEqualTo(1);
    assertThat(decoded.frameOffset()).isEqualTo(8);
    assertThat(decoded.frameLength()).isEqualTo(14);
  }

  @Test
  void decode_whenVniIsLargest_readsAll24Bits() {
    byte[] datagram = Vxlan.encode(Vxlan.MAX_VNI, FRAME);
    assertThat(Vxlan.decode(datagram, 0, datagram.length).vni()).isEqualTo(0xFFFFFF);
  }

  @Test
  void decode_whenShorterThanHeader_failsWithShortHeader() {
    assertThatThrownBy(() -> Vxlan.decode(new byte[7], 0, 7))
        .isInstanceOfSatisfying(MalformedDatagramException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.SHORT_HEADER));
  }

  @Test
  void decode_whenIFlagClear_failsWithNoVniFlag() {
    byte[] datagram = HEX.parseHex("0000000000000100" + "0200000000020200000000010800");
    assertThatThrownBy(() -> Vxlan.decode(datagram, 0, datagram.length))
        .isInstanceOfSatisfying(MalformedDatagramException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.NO_VNI_FLAG));
  }

  @Test
  void decode_whenFrameShorterThanEthernetHeader_failsWithShortFrame() {
    byte[] datagram = HEX.parseHex("0800000000000100" + "02000000000202");
    assertThatThrownBy(() -> Vxlan.decode(datagram, 0, datagram.length))
        .isInstanceOfSatisfying(MalformedDatagramException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.SHORT_FRAME));
  }

  @Test
  void encode_whenVniOver24Bits_fails() {
    assertThatThrownBy(() -> Vxlan.encode(0x1000000, FRAME)).isInstanceOf(IllegalArgumentException.class);
  }
}
