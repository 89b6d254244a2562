package dev.mirrorflow.receiver.packet;

/** A datagram that is not a VXLAN-wrapped Ethernet frame; the receiver counts it by reason and drops it. */
public final class MalformedDatagramException extends RuntimeException {
  private final DropReason reason;

  public MalformedDatagramException(DropReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DropReason reason() {
    return reason;
  }
}
