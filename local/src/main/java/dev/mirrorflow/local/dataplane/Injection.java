package dev.mirrorflow.local.dataplane;

/**
 * What became of one injected packet.
 *
 * @param direction how it crossed the ENI
 * @param sessionId the session that mirrored it, or null
 * @param reason why it was not mirrored ({@code no-session}, {@code filtered}, {@code
 *     not-mirrorable}, {@code no-delivery-address}, {@code not-ip}), or null when mirrored
 * @param sentBytes bytes after the VXLAN header (the frame, truncated to the packet length)
 */
public record Injection(Direction direction, String sessionId, int vni, String reason, int sentBytes) {

  public boolean mirrored() {
    return sessionId != null && reason == null;
  }
}
