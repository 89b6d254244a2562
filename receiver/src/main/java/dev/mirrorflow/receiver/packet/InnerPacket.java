package dev.mirrorflow.receiver.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * What the receiver reads of an inner Ethernet frame: the IP addresses, the transport protocol and
 * ports, TCP's sequence number and flags, and where the transport payload lies. The frame may be
 * truncated (the session's packet length, or the target's MTU), so lengths are taken from the
 * headers and cut to the bytes present.
 *
 * @param protocol IP protocol number (6 TCP, 17 UDP), or -1 when not IP
 * @param originalLength the frame's length before truncation, from the IP header's length field
 *     (the captured length when the frame is not IP)
 * @param payloadLength transport payload bytes present in the frame (fewer than sent when truncated)
 */
public record InnerPacket(
    InetAddress source,
    InetAddress destination,
    int protocol,
    int sourcePort,
    int destinationPort,
    long sequence,
    int tcpFlags,
    int payloadOffset,
    int payloadLength,
    int originalLength) {

  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86DD;
  public static final int ETHERTYPE_VLAN = 0x8100;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int ACK = 0x10;

  /** Whether TCP flag {@code flag} is set. */
  public boolean has(int flag) {
    return (tcpFlags & flag) != 0;
  }

  /** Whether the frame holds all the payload its IP header declares. */
  public boolean complete(int capturedLength) {
    return capturedLength >= originalLength;
  }

  /**
   * The frame's original length from its IP header, or {@code length} when it is not IP or its
   * headers are cut: what pcapng records as the original length, so truncation shows.
   */
  public static int originalLength(byte[] frame, int offset, int length) {
    // read from the IP header alone: this runs for every received packet
    int end = offset + length;
    int p = offset + 12;
    if (p + 2 > end) {
      return length;
    }
    int etherType = u16(frame, p);
    p += 2;
    while (etherType == ETHERTYPE_VLAN || etherType == 0x88A8) {
      if (p + 4 > end) {
        return length;
      }
      etherType = u16(frame, p + 2);
      p += 4;
    }
    if (etherType == ETHERTYPE_IPV4 && p + 4 <= end && (frame[p] & 0xF0) == 0x40) {
      return Math.max(length, p - offset + u16(frame, p + 2));
    }
    if (etherType == ETHERTYPE_IPV6 && p + 6 <= end) {
      return Math.max(length, p - offset + 40 + u16(frame, p + 4));
    }
    return length;
  }

  /** Parses an Ethernet frame; empty when it is not IPv4/IPv6 or its headers are cut short. */
  public static Optional<InnerPacket> parse(byte[] frame, int offset, int length) {
    int end = offset + length;
    int p = offset + 12;
    if (p + 2 > end) {
      return Optional.empty();
    }
    int etherType = u16(frame, p);
    p += 2;
    while (etherType == ETHERTYPE_VLAN || etherType == 0x88A8) {
      if (p + 4 > end) {
        return Optional.empty();
      }
      etherType = u16(frame, p + 2);
      p += 4;
    }
    int l2 = p - offset;
    InetAddress source;
    InetAddress destination;
    int protocol;
    int ipEnd;
    int originalLength;
    try {
      if (etherType == ETHERTYPE_IPV4) {
        if (p + 20 > end || (frame[p] & 0xF0) != 0x40) {
          return Optional.empty();
        }
        int ihl = (frame[p] & 0x0F) * 4;
        int total = u16(frame, p + 2);
        protocol = frame[p + 9] & 0xFF;
        source = InetAddress.getByAddress(slice(frame, p + 12, 4));
        destination = InetAddress.getByAddress(slice(frame, p + 16, 4));
        originalLength = l2 + total;
        ipEnd = Math.min(end, p + total);
        boolean firstFragment = (u16(frame, p + 6) & 0x1FFF) == 0;
        p += ihl;
        if (!firstFragment) {
          return Optional.of(new InnerPacket(source, destination, protocol, -1, -1, 0, 0, p, 0, originalLength));
        }
      } else if (etherType == ETHERTYPE_IPV6) {
        if (p + 40 > end) {
          return Optional.empty();
        }
        int payload = u16(frame, p + 4);
        protocol = frame[p + 6] & 0xFF;
        source = InetAddress.getByAddress(slice(frame, p + 8, 16));
        destination = InetAddress.getByAddress(slice(frame, p + 24, 16));
        originalLength = l2 + 40 + payload;
        ipEnd = Math.min(end, p + 40 + payload);
        p += 40;
      } else {
        return Optional.empty();
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
    }
    if (protocol == TCP && p + 20 <= ipEnd) {
      int dataOffset = ((frame[p + 12] & 0xF0) >> 4) * 4;
      int payloadStart = Math.min(ipEnd, p + dataOffset);
      return Optional.of(new InnerPacket(source, destination, protocol, u16(frame, p), u16(frame, p + 2),
          u32(frame, p + 4), frame[p + 13] & 0xFF, payloadStart, ipEnd - payloadStart, originalLength));
    }
    if (protocol == UDP && p + 8 <= ipEnd) {
      return Optional.of(new InnerPacket(source, destination, protocol, u16(frame, p), u16(frame, p + 2),
          0, 0, p + 8, ipEnd - (p + 8), originalLength));
    }
    return Optional.of(new InnerPacket(source, destination, protocol, -1, -1, 0, 0, p, Math.max(0, ipEnd - p), originalLength));
  }

  static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
  }

  static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xFF) << 24) | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
  }

  private static byte[] slice(byte[] b, int from, int n) {
    byte[] out = new byte[n];
    System.arraycopy(b, from, out, 0, n);
    return out;
  }
}
