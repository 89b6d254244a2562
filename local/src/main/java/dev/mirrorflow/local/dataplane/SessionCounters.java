package dev.mirrorflow.local.dataplane;

/**
 * What one mirror session has mirrored: packets, bytes sent after the VXLAN header (after
 * truncation), and packets cut to the session's packet length.
 */
public record SessionCounters(String sessionId, long packets, long bytes, long truncated) {}
