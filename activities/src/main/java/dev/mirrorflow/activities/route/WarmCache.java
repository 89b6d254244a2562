package dev.mirrorflow.activities.route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A few seconds' memory in a warm function: a burst's events ask the same questions (is this VPC
 * active? where is this instance?) many times within a second or two.
 */
final class WarmCache<K, V> {
  /** Beyond this many keys the cache starts afresh rather than grow without bound. */
  static final int MAX_ENTRIES = 10_000;

  private record Entry<V>(V value, Instant expires) {}

  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

  WarmCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The value remembered for {@code key} if still fresh, else nothing. */
  Optional<V> get(K key) {
    Entry<V> e = entries.get(key);
    if (e == null || !clock.instant().isBefore(e.expires())) {
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  void put(K key, V value) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
  }
}
