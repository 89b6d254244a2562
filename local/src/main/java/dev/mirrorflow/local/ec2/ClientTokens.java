package dev.mirrorflow.local.ec2;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * EC2's idempotency by client token: the same token with the same parameters answers what the first
 * request created; with other parameters (or another action) it fails with
 * {@code IdempotentParameterMismatch}. Not thread-safe: the world calls it under its lock.
 */
final class ClientTokens {
  private record Remembered(String action, Map<String, String> parameters, Object result) {}

  /** Parameters that do not make two requests different. */
  private static final List<String> INSIGNIFICANT = List.of("Action", "Version", "ClientToken", "DryRun");

  private final Map<String, Remembered> remembered = new HashMap<>();

  /** What {@code create} made for {@code clientToken} the first time, creating it now if there was none. */
  @SuppressWarnings("unchecked")
  <T> T once(String action, String clientToken, Map<String, String> parameters, Supplier<T> create) {
    Map<String, String> significant = new TreeMap<>(parameters);
    significant.keySet().removeAll(INSIGNIFICANT);
    Remembered seen = remembered.get(clientToken);
    if (seen != null) {
      if (seen.action().equals(action) && seen.parameters().equals(significant)) {
        return (T) seen.result();
      }
      throw LocalEc2Exception.client("IdempotentParameterMismatch",
          "The client token '" + clientToken + "' was already used with different parameters. "
              + "Use a new client token for a different request.");
    }
    T result = create.get();
    remembered.put(clientToken, new Remembered(action, Map.copyOf(significant), result));
    return result;
  }

  /** Forgets every token. */
  void clear() {
    remembered.clear();
  }
}
