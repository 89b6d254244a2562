package dev.mirrorflow.receiver.replay;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to replay, where, and how much.
 *
 * @param target the base URL requests go to (scheme, host, port; its path, if any, is prefixed)
 * @param methods methods to replay (upper case); empty = all
 * @param pathPrefixes paths to replay, by prefix; empty = all
 * @param percent share of the matching requests to replay, 0 < percent <= 100 (every n-th, not random)
 * @param ratePerSecond at most this many requests a second (the rest are skipped); 0 = no limit
 * @param host the Host header to send; null = the captured request's own Host
 * @param setHeaders headers to set (replacing any of the same name)
 * @param maxInFlight requests awaiting a response at once; beyond it, requests are skipped
 */
public record ReplayPolicy(
    URI target, Set<String> methods, List<String> pathPrefixes, double percent, double ratePerSecond, String host,
    Map<String, String> setHeaders, int maxInFlight) {

  public ReplayPolicy {
    if (target == null || target.getScheme() == null || target.getHost() == null
        || !(target.getScheme().equals("http") || target.getScheme().equals("https"))) {
      throw new IllegalArgumentException("the replay target must be an http(s) URL like http://127.0.0.1:8080, got " + target);
    }
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("the replay percentage must be in (0, 100], got " + percent);
    }
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("the replay rate must be 0 (no limit) or positive, got " + ratePerSecond);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("at least one request must be allowed in flight, got " + maxInFlight);
    }
    methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    pathPrefixes = List.copyOf(pathPrefixes);
    setHeaders = Map.copyOf(setHeaders);
  }

  /** Every request to {@code target}, unlimited. */
  public static ReplayPolicy all(URI target) {
    return new ReplayPolicy(target, Set.of(), List.of(), 100, 0, null, Map.of(), 256);
  }
}
