package dev.mirrorflow.receiver.pcapng;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of pcapng written from the specification alone, independent of {@link PcapngWriter}: it
 * checks every block's trailing length, the byte-order magic, and that each packet names a described
 * interface.
 */
public record PcapngFile(List<Interface> interfaces, List<Packet> packets) {

  public record Interface(int linkType, int snapLength, String name, String description) {}

  public record Packet(int interfaceId, long timestampMicros, int capturedLength, int originalLength, byte[] data) {}

  public static PcapngFile read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    List<Interface> interfaces = new ArrayList<>();
    List<Packet> packets = new ArrayList<>();
    boolean sawSection = false;
    while (b.hasRemaining()) {
      int start = b.position();
      if (b.remaining() < 12) {
        throw new IllegalStateException("truncated block at " + start);
      }
      b.order(ByteOrder.LITTLE_ENDIAN);
      int type = b.getInt();
      if (type == 0x0A0D0D0A) {
        int magic = b.getInt(start + 8);
        if (magic != 0x1A2B3C4D) {
          b.order(ByteOrder.BIG_ENDIAN);
          if (b.getInt(start + 8) != 0x1A2B3C4D) {
            throw new IllegalStateException("bad byte-order magic");
          }
        }
        interfaces.clear();
        sawSection = true;
      } else if (!sawSection) {
        throw new IllegalStateException("the file does not start with a Section Header Block");
      }
      int total = b.getInt(start + 4);
      if (total % 4 != 0 || total < 12 || start + total > b.limit()) {
        throw new IllegalStateException("bad block length " + total + " at " + start);
      }
      if (b.getInt(start + total - 4) != total) {
        throw new IllegalStateException("the trailing length of the block at " + start + " differs");
      }
      if (type == 0x0A0D0D0A) {
        if (b.getShort(start + 12) != 1) {
          throw new IllegalStateException("major version is not 1");
        }
      } else if (type == 1) {
        int linkType = b.getShort(start + 8) & 0xFFFF;
        int snap = b.getInt(start + 12);
        String name = null;
        String description = null;
        int p = start + 16;
        while (p < start + total - 4) {
          int code = b.getShort(p) & 0xFFFF;
          int length = b.getShort(p + 2) & 0xFFFF;
          if (code == 0) {
            break;
          }
          String value = new String(b.array(), p + 4, length, StandardCharsets.UTF_8);
          if (code == 2) {
            name = value;
          } else if (code == 3) {
            description = value;
          }
          p += 4 + ((length + 3) & ~3);
        }
        interfaces.add(new Interface(linkType, snap, name, description));
      } else if (type == 6) {
        int id = b.getInt(start + 8);
        if (id >= interfaces.size()) {
          throw new IllegalStateException("a packet names interface " + id + " before it is described");
        }
        long ts = (b.getInt(start + 12) & 0xFFFFFFFFL) << 32 | (b.getInt(start + 16) & 0xFFFFFFFFL);
        int captured = b.getInt(start + 20);
        int original = b.getInt(start + 24);
        byte[] data = new byte[captured];
        System.arraycopy(b.array(), start + 28, data, 0, captured);
        packets.add(new Packet(id, ts, captured, original, data));
      }
      b.position(start + total);
    }
    if (!sawSection) {
      throw new IllegalStateException("empty file");
    }
    return new PcapngFile(List.copyOf(interfaces), packets);
  }

  /** The interface a packet was recorded on. */
  public Interface interfaceOf(Packet p) {
    return interfaces.get(p.interfaceId());
  }
}
