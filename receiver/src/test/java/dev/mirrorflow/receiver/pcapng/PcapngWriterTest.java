package dev.mirrorflow.receiver.pcapng;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PcapngWriterTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void write_whenOnePacket_matchesHandCheckedBlocks() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(out, "ab")) {
      writer.write("vni-1", "d", 0x0000000100000002L, HEX.parseHex("aabbccddee"), 0, 5, 60);
    }
    String expected =
        // SHB: type, length 40, byte-order magic, version 1.0, section length -1, shb_userappl "ab", end, length
        "0a0d0d0a" + "28000000" + "4d3c2b1a" + "0100" + "0000" + "ffffffffffffffff"
            + "0400" + "0200" + "61620000" + "00000000" + "28000000"
        // IDB: type 1, length 44, LINKTYPE_ETHERNET, reserved, snaplen 65535, if_name "vni-1", if_description "d", end, length
        + "01000000" + "2c000000" + "0100" + "0000" + "ffff0000"
            + "0200" + "0500" + "766e692d31000000" + "0300" + "0100" + "64000000" + "00000000" + "2c000000"
        // EPB: type 6, length 40, interface 0, timestamp high 1 low 2 (microseconds), captured 5, original 60, data padded, length
        + "06000000" + "28000000" + "00000000" + "01000000" + "02000000" + "05000000" + "3c000000"
            + "aabbccddee000000" + "28000000";
    assertThat(HEX.formatHex(out.toByteArray())).isEqualTo(expected);
  }

  @Test
  void write_whenTwoInterfaces_describesEachOnceAndReadsBack() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapngWriter writer = new PcapngWriter(out, "test")) {
      writer.write("vni-7", "VXLAN VNI 7", 1, new byte[64], 0, 64, 64);
      writer.write("vni-8", "VXLAN VNI 8", 2, new byte[9001], 0, 9001, 9001);
      writer.write("vni-7", "VXLAN VNI 7", 3, new byte[65], 0, 65, 1514);
    }
    java.nio.file.Path file = java.nio.file.Files.createTempFile("pcapng", ".pcapng");
    try {
      java.nio.file.Files.write(file, out.toByteArray());
      PcapngFile read = PcapngFile.read(file);
      assertThat(read.interfaces()).extracting(PcapngFile.Interface::name).containsExactly("vni-7", "vni-8");
      assertThat(read.interfaces()).allSatisfy(i -> assertThat(i.linkType()).isEqualTo(1));
      assertThat(read.packets()).extracting(PcapngFile.Packet::interfaceId).containsExactly(0, 1, 0);
      assertThat(read.packets()).extracting(PcapngFile.Packet::capturedLength).containsExactly(64, 9001, 65);
      assertThat(read.packets()).extracting(PcapngFile.Packet::originalLength).containsExactly(64, 9001, 1514);
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
