package dev.mirrorflow.receiver.pcapng;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one pcapng section (draft-ietf-opsawg-pcapng): a Section Header Block, an Interface
 * Description Block for each interface the first time it is used (link type Ethernet, microsecond
 * timestamps), and an Enhanced Packet Block per packet, with its captured and original lengths, in
 * little-endian byte order. Not thread-safe: one thread writes.
 */
public final class PcapngWriter implements AutoCloseable {
  static final int SECTION_HEADER = 0x0A0D0D0A;
  static final int INTERFACE_DESCRIPTION = 0x00000001;
  static final int ENHANCED_PACKET = 0x00000006;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  /** LINKTYPE_ETHERNET. */
  static final int LINKTYPE_ETHERNET = 1;
  /** The snapshot length declared per interface: the largest frame the receiver keeps. */
  public static final int SNAP_LENGTH = 65535;
  private static final int OPTION_END = 0;
  private static final int IF_NAME = 2;
  private static final int IF_DESCRIPTION = 3;
  private static final int SHB_USERAPPL = 4;

  private final OutputStream out;
  private final Map<String, Integer> interfaces = new HashMap<>();
  private final ByteBuffer header = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
  private long bytesWritten;

  /** Starts a section on {@code out} (written at once); {@code application} goes in the shb_userappl option. */
  public PcapngWriter(OutputStream out, String application) throws IOException {
    this.out = out;
    byte[] options = options(SHB_USERAPPL, application, -1, null);
    ByteBuffer b = block(SECTION_HEADER, 16 + options.length);
    b.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L).put(options);
    finish(b);
  }

  /** The interfaces described so far in this section, by name, with their ids. */
  public Map<String, Integer> interfaces() {
    return Map.copyOf(interfaces);
  }

  /** Bytes written to this section so far. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /**
   * Appends one Ethernet frame, describing {@code interfaceName} first if it is new to the section.
   *
   * @param originalLength the frame's length on the wire, at least {@code length}
   * @param timestampMicros microseconds since the Unix epoch
   */
  public void write(String interfaceName, String interfaceDescription, long timestampMicros,
      byte[] frame, int offset, int length, int originalLength) throws IOException {
    Integer id = interfaces.get(interfaceName);
    if (id == null) {
      id = interfaces.size();
      byte[] options = options(IF_NAME, interfaceName, IF_DESCRIPTION, interfaceDescription);
      ByteBuffer b = block(INTERFACE_DESCRIPTION, 8 + options.length);
      b.putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(SNAP_LENGTH).put(options);
      finish(b);
      interfaces.put(interfaceName, id);
    }
    int padded = pad(length);
    int total = 32 + padded;
    header.clear();
    header.putInt(ENHANCED_PACKET).putInt(total).putInt(id)
        .putInt((int) (timestampMicros >>> 32)).putInt((int) timestampMicros)
        .putInt(length).putInt(Math.max(length, originalLength));
    out.write(header.array(), 0, 28);
    out.write(frame, offset, length);
    if (padded > length) {
      out.write(ZEROS, 0, padded - length);
    }
    header.clear();
    header.putInt(total);
    out.write(header.array(), 0, 4);
    bytesWritten += total;
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static final byte[] ZEROS = new byte[4];

  private ByteBuffer block(int type, int bodyLength) {
    int total = 12 + bodyLength;
    return ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(total);
  }

  private void finish(ByteBuffer b) throws IOException {
    b.putInt(b.capacity());
    out.write(b.array());
    bytesWritten += b.capacity();
  }

  /** Up to two string options and the end-of-options marker (nothing at all when both are absent). */
  private static byte[] options(int code1, String value1, int code2, String value2) {
    if (value1 == null && value2 == null) {
      return new byte[0];
    }
    byte[] v1 = value1 == null ? null : value1.getBytes(StandardCharsets.UTF_8);
    byte[] v2 = value2 == null ? null : value2.getBytes(StandardCharsets.UTF_8);
    int length = 4 + (v1 == null ? 0 : 4 + pad(v1.length)) + (v2 == null ? 0 : 4 + pad(v2.length));
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    for (Object[] option : new Object[][] {{code1, v1}, {code2, v2}}) {
      byte[] v = (byte[]) option[1];
      if (v != null) {
        b.putShort((short) (int) (Integer) option[0]).putShort((short) v.length).put(v);
        b.position(b.position() + pad(v.length) - v.length);
      }
    }
    b.putShort((short) OPTION_END).putShort((short) 0);
    return b.array();
  }

  static int pad(int n) {
    return (n + 3) & ~3;
  }
}
