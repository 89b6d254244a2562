package dev.mirrorflow.receiver.packet;

import java.util.Locale;

/** Why a received datagram was dropped; each is counted. */
public enum DropReason {
  /** Fewer than the 8 bytes of a VXLAN header. */
  SHORT_HEADER,
  /** The VXLAN I flag is clear, so the VNI is not valid (RFC 7348). */
  NO_VNI_FLAG,
  /** Fewer bytes after the VXLAN header than an Ethernet header. */
  SHORT_FRAME;

  /** The reason as a metric label, e.g. {@code short_header}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
