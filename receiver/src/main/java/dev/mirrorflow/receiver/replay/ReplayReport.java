package dev.mirrorflow.receiver.replay;

import java.util.Map;

/**
 * What a replay did: requests answered by the target ({@code replayed}, whatever the status), failed
 * (no answer: refused, timed out), skipped by reason, response status codes, and the mean time the
 * target took to answer.
 */
public record ReplayReport(
    long replayed, long failed, Map<String, Long> skipped, Map<Integer, Long> statuses, double meanResponseMillis) {

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }
}
