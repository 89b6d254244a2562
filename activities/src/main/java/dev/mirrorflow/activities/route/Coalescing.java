package dev.mirrorflow.activities.route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * Merges an event storm into a few reconciles. Time is cut into fixed windows; every event about the
 * same subnets routed within one window names the same reconcile execution with the same input (its
 * {@code notBefore} is the window's end), and Step Functions starts a Standard execution once per
 * name: a second StartExecution with the same name and input while it runs returns the running one.
 *
 * <p>The reconcile waits until the window has closed before it reads the subnets. An event is routed
 * only once EC2 describes its instance, so its ENIs exist before the window closes, and the read that
 * follows sees them. The window is the router's time, not the event's: an event retried for a minute
 * until EC2 describes its instance lands in a later window, never in a reconcile that already read.
 */
public final class Coalescing {
  /**
   * Two seconds: a burst's pending and running events are routed within a second or two of each other
   * (one describe each), so most of a burst lands in one or two windows, while the wait it adds to a
   * lone event stays small beside the reconcile itself (bench/README.md, event storms).
   */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(2);

  private final Clock clock;
  private final Duration window;

  public Coalescing(Clock clock, Duration window) {
    if (window.isNegative() || window.isZero() || window.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException("coalescing window must be a positive whole number of seconds: " + window);
    }
    this.clock = clock;
    this.window = window;
  }

  /** One window: the {@code index}-th since the epoch, ending at {@code end}. */
  public record Window(long index, Instant end) {}

  /** The present instant on the router's clock. */
  public Instant instant() {
    return clock.instant();
  }

  /** The window the present instant falls in. */
  public Window now() {
    long seconds = window.toSeconds();
    long index = Math.floorDiv(clock.instant().getEpochSecond(), seconds);
    return new Window(index, Instant.ofEpochSecond((index + 1) * seconds));
  }

  /**
   * {@code <vpcId>-event-<subnets>-<window index>}, at most 63 characters (Step Functions allows 80):
   * {@code <subnets>} is the subnet's id when there is one, else a digest of the sorted ids.
   */
  static String executionName(String vpcId, List<String> subnetIds, Window window) {
    TreeSet<String> sorted = new TreeSet<>(subnetIds);
    String key = sorted.size() == 1 ? sorted.first() : "s" + digest(String.join(",", sorted));
    return vpcId + "-event-" + key + "-" + window.index();
  }

  private static String digest(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
