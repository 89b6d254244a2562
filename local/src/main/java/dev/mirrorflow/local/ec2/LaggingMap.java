package dev.mirrorflow.local.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The world's resources of one kind, by id, remembering when each appeared and, for a while, what
 * each was when it was removed: what Describe shows under the visibility-lag knob (EC2's API is
 * eventually consistent). Reading and writing it as a map is the world as it is.
 *
 * <p>Not thread-safe, like the {@link TreeMap} it is: the world guards it with its lock.
 */
final class LaggingMap<V> extends TreeMap<String, V> {
  /** A removed resource, as it was, with its tags. */
  private record Ghost<V>(V value, Map<String, String> tags, Instant removed) {}

  private final Supplier<Instant> now;
  private final Supplier<Duration> lag;
  private final Function<String, Map<String, String>> tagsOf;
  private final Map<String, Instant> appeared = new HashMap<>();
  private final Map<String, Ghost<V>> ghosts = new HashMap<>();

  /**
   * @param now the world's clock
   * @param lag the current visibility lag (the knob)
   * @param tagsOf a resource's tags, read when it is removed (before the world drops them)
   */
  LaggingMap(Supplier<Instant> now, Supplier<Duration> lag, Function<String, Map<String, String>> tagsOf) {
    this.now = now;
    this.lag = lag;
    this.tagsOf = tagsOf;
  }

  @Override
  public V put(String id, V value) {
    if (!containsKey(id)) {
      appeared.put(id, now.get());
      ghosts.remove(id);
    }
    return super.put(id, value);
  }

  @Override
  public V remove(Object id) {
    V old = super.remove(id);
    if (old != null) {
      appeared.remove(id);
      Duration current = lag.get();
      if (!current.isZero()) {
        ghosts.put((String) id, new Ghost<>(old, Map.copyOf(tagsOf.apply((String) id)), now.get()));
      }
      prune(current);
    }
    return old;
  }

  @Override
  public void clear() {
    super.clear();
    appeared.clear();
    ghosts.clear();
  }

  /** What Describe shows now: what appeared at least {@code lag} ago, and what was removed less than {@code lag} ago. */
  List<V> visible() {
    Duration current = lag.get();
    if (current.isZero()) {
      return List.copyOf(values());
    }
    prune(current);
    Instant cutoff = now.get().minus(current);
    Map<String, V> shown = new TreeMap<>();
    forEach((id, v) -> {
      if (!appeared.getOrDefault(id, Instant.MIN).isAfter(cutoff)) {
        shown.put(id, v);
      }
    });
    ghosts.forEach((id, g) -> shown.putIfAbsent(id, g.value()));
    return new ArrayList<>(shown.values());
  }

  /** Whether Describe shows {@code id} now. */
  boolean isVisible(String id) {
    Duration current = lag.get();
    if (current.isZero()) {
      return containsKey(id);
    }
    prune(current);
    if (ghosts.containsKey(id)) {
      return true;
    }
    Instant at = appeared.get(id);
    return at != null && !at.isAfter(now.get().minus(current));
  }

  /** The tags of resources removed but still shown, by id. */
  Map<String, Map<String, String>> lingeringTags() {
    Map<String, Map<String, String>> out = new HashMap<>();
    ghosts.forEach((id, g) -> out.put(id, g.tags()));
    return out;
  }

  private void prune(Duration current) {
    Instant cutoff = now.get().minus(current);
    ghosts.values().removeIf(g -> !g.removed().isAfter(cutoff));
  }
}
