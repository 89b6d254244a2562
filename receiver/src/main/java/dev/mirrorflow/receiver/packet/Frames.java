package dev.mirrorflow.receiver.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Builds Ethernet II frames carrying IPv4 TCP or UDP with correct checksums: the packets the local
 * cloud injects on an ENI, and the tests' and benchmark's traffic.
 */
public final class Frames {
  private static final byte[] DEFAULT_MAC_SOURCE = {0x02, 0, 0, 0, 0, 1};
  private static final byte[] DEFAULT_MAC_DESTINATION = {0x02, 0, 0, 0, 0, 2};

  private Frames() {}

  /** A TCP segment in a frame: {@code flags} as {@link InnerPacket#SYN} etc. */
  public static byte[] tcp(InetAddress source, int sourcePort, InetAddress destination, int destinationPort,
      long sequence, long acknowledgement, int flags, byte[] payload) {
    byte[] segment = new byte[20 + payload.length];
    ByteBuffer b = ByteBuffer.wrap(segment);
    b.putShort((short) sourcePort).putShort((short) destinationPort)
        .putInt((int) sequence).putInt((int) acknowledgement)
        .put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535)
        .putShort((short) 0).putShort((short) 0).put(payload);
    int checksum = transportChecksum(source, destination, InnerPacket.TCP, segment);
    segment[16] = (byte) (checksum >> 8);
    segment[17] = (byte) checksum;
    return ipv4(source, destination, InnerPacket.TCP, segment);
  }

  /** A UDP datagram in a frame. */
  public static byte[] udp(InetAddress source, int sourcePort, InetAddress destination, int destinationPort, byte[] payload) {
    byte[] datagram = new byte[8 + payload.length];
    ByteBuffer.wrap(datagram).putShort((short) sourcePort).putShort((short) destinationPort)
        .putShort((short) datagram.length).putShort((short) 0).put(payload);
    int checksum = transportChecksum(source, destination, InnerPacket.UDP, datagram);
    if (checksum == 0) {
      checksum = 0xFFFF;
    }
    datagram[6] = (byte) (checksum >> 8);
    datagram[7] = (byte) checksum;
    return ipv4(source, destination, InnerPacket.UDP, datagram);
  }

  /** An IPv4 packet (TTL 64, DF, no options) carrying {@code transport}, in an Ethernet II frame. */
  public static byte[] ipv4(InetAddress source, InetAddress destination, int protocol, byte[] transport) {
    requireV4(source);
    requireV4(destination);
    byte[] frame = new byte[14 + 20 + transport.length];
    ByteBuffer b = ByteBuffer.wrap(frame);
    b.put(DEFAULT_MAC_DESTINATION).put(DEFAULT_MAC_SOURCE).putShort((short) InnerPacket.ETHERTYPE_IPV4);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + transport.length))
        .putShort((short) 0).putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0)
        .put(source.getAddress()).put(destination.getAddress());
    int checksum = checksum(frame, 14, 20, 0);
    frame[24] = (byte) (checksum >> 8);
    frame[25] = (byte) checksum;
    b.put(transport);
    return frame;
  }

  private static int transportChecksum(InetAddress source, InetAddress destination, int protocol, byte[] segment) {
    byte[] pseudo = new byte[12];
    ByteBuffer.wrap(pseudo).put(source.getAddress()).put(destination.getAddress())
        .put((byte) 0).put((byte) protocol).putShort((short) segment.length);
    long sum = partial(pseudo, 0, pseudo.length, 0);
    return checksum(segment, 0, segment.length, sum);
  }

  /** The Internet checksum (RFC 1071) of {@code length} bytes, seeded with a partial sum. */
  static int checksum(byte[] b, int offset, int length, long seed) {
    long sum = partial(b, offset, length, seed);
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (int) (~sum & 0xFFFF);
  }

  private static long partial(byte[] b, int offset, int length, long sum) {
    int i = offset;
    for (; i + 1 < offset + length; i += 2) {
      sum += (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }
    if (i < offset + length) {
      sum += (b[i] & 0xFF) << 8;
    }
    return sum;
  }

  private static void requireV4(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("frames are built for IPv4 addresses, got " + address);
    }
  }
}
