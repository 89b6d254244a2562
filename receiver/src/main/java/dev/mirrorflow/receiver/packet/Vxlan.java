package dev.mirrorflow.receiver.packet;

import java.nio.ByteBuffer;

/**
 * VXLAN (RFC 7348, section 5) as AWS Traffic Mirroring sends it over UDP 4789: an 8-byte header
 * (flags with the I bit, 24 reserved bits, a 24-bit VNI, 8 reserved bits), then the original
 * Ethernet frame.
 */
public final class Vxlan {
  /** The IANA-assigned VXLAN UDP port. */
  public static final int PORT = 4789;
  /** Bytes of the VXLAN header. */
  public static final int HEADER_LENGTH = 8;
  /** The largest VNI (24 bits). */
  public static final int MAX_VNI = 0xFFFFFF;
  /** Bytes of an Ethernet header without a VLAN tag: the least an inner frame can have. */
  public static final int MIN_FRAME_LENGTH = 14;
  private static final int FLAG_I = 0x08;

  private Vxlan() {}

  /**
   * The VXLAN datagram for {@code frame} with {@code vni}: flags {@code 0x08}, reserved bits zero,
   * as RFC 7348 requires of a sender.
   */
  public static byte[] encode(int vni, byte[] frame, int offset, int length) {
    if (vni < 0 || vni > MAX_VNI) {
      throw new IllegalArgumentException("a VNI has 24 bits (0.." + MAX_VNI + "), got " + vni);
    }
    byte[] out = new byte[HEADER_LENGTH + length];
    out[0] = FLAG_I;
    out[4] = (byte) (vni >>> 16);
    out[5] = (byte) (vni >>> 8);
    out[6] = (byte) vni;
    System.arraycopy(frame, offset, out, HEADER_LENGTH, length);
    return out;
  }

  /** {@link #encode(int, byte[], int, int)} of the whole frame. */
  public static byte[] encode(int vni, byte[] frame) {
    return encode(vni, frame, 0, frame.length);
  }

  /**
   * Decodes one UDP payload. Reserved bits are ignored, as RFC 7348 tells a receiver to.
   *
   * @return the VNI and where the inner frame lies in {@code datagram}
   * @throws MalformedDatagramException with the reason the datagram cannot be a mirrored packet
   */
  public static Decoded decode(byte[] datagram, int offset, int length) {
    if (length < HEADER_LENGTH) {
      throw new MalformedDatagramException(DropReason.SHORT_HEADER,
          "a VXLAN header has 8 bytes, the datagram has " + length);
    }
    if ((datagram[offset] & FLAG_I) == 0) {
      throw new MalformedDatagramException(DropReason.NO_VNI_FLAG,
          String.format("the I flag (0x08) is not set: flags 0x%02x", datagram[offset] & 0xFF));
    }
    if (length - HEADER_LENGTH < MIN_FRAME_LENGTH) {
      throw new MalformedDatagramException(DropReason.SHORT_FRAME,
          "the inner Ethernet frame has " + (length - HEADER_LENGTH) + " bytes, fewer than its 14-byte header");
    }
    int vni = (datagram[offset + 4] & 0xFF) << 16 | (datagram[offset + 5] & 0xFF) << 8 | datagram[offset + 6] & 0xFF;
    return new Decoded(vni, offset + HEADER_LENGTH, length - HEADER_LENGTH);
  }

  /** {@link #decode(byte[], int, int)} of a buffer's remaining bytes (which must have an array). */
  public static Decoded decode(ByteBuffer buffer) {
    return decode(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
  }

  /** A decoded VXLAN datagram: the VNI and the inner frame's place in the datagram's bytes. */
  public record Decoded(int vni, int frameOffset, int frameLength) {}
}
