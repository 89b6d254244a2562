package dev.mirrorflow.receiver;

import java.net.InetAddress;

/**
 * One decapsulated mirrored packet. {@code frame} is the receiver's buffer, valid only during the
 * call that hands the packet over: a sink that keeps bytes copies them.
 *
 * @param outerSource the VXLAN datagram's source address (the mirroring host, or on the local cloud
 *     the source ENI's own loopback address)
 * @param originalLength the inner frame's length before truncation (from its IP header)
 */
public record MirroredPacket(
    int vni, InetAddress outerSource, long timestampMicros, byte[] frame, int offset, int length, int originalLength) {

  /** Whether the frame was cut short of its IP length (session packet length or target MTU). */
  public boolean truncated() {
    return length < originalLength;
  }
}
