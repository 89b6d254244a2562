package dev.mirrorflow.cli;

import dev.mirrorflow.receiver.Capture;
import dev.mirrorflow.receiver.ReceiverMetrics;
import dev.mirrorflow.receiver.packet.DropReason;
import dev.mirrorflow.receiver.pcapng.RotatingPcapngSink;
import dev.mirrorflow.receiver.replay.ReplayClient;
import dev.mirrorflow.receiver.replay.ReplayPolicy;
import dev.mirrorflow.receiver.replay.ReplayReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorflow receive}: the receiving end of Traffic Mirroring. Unwraps VXLAN from UDP, writes
 * pcapng, replays HTTP requests, serves Prometheus metrics; Ctrl-C (or {@code --duration}) stops it
 * with the last file complete.
 */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    description = "Receive mirrored traffic (VXLAN over UDP): write pcapng, replay HTTP, serve metrics. Ctrl-C stops it cleanly.")
final class ReceiveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", defaultValue = "0.0.0.0:4789", paramLabel = "HOST:PORT",
      description = "UDP address to receive VXLAN on (default ${DEFAULT-VALUE}: every interface, as a mirror target must).")
  String listen;

  @Option(names = "--write", paramLabel = "DIR", description = "Write pcapng files here (none if absent).")
  Path write;

  @Option(names = "--prefix", defaultValue = "mirror", description = "File name prefix (default ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--rotate-size", defaultValue = "100M", paramLabel = "SIZE",
      description = "Start a new file at this size: bytes, or with K, M, G (default ${DEFAULT-VALUE}).")
  String rotateSize;

  @Option(names = "--rotate-every", defaultValue = "1h", paramLabel = "DURATION",
      description = "Start a new file after this long: e.g. 30s, 15m, 1h (default ${DEFAULT-VALUE}).")
  String rotateEvery;

  @Option(names = "--split", description = "One pcapng interface per outer source address (the mirroring host or ENI) instead of per VNI.")
  boolean split;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus text on /metrics and a health check on /-/healthy at this TCP port.")
  Integer metricsPort;

  @Option(names = "--metrics-address", defaultValue = "127.0.0.1",
      description = "Address of the metrics port (default ${DEFAULT-VALUE}; 0.0.0.0 for a load balancer's health check).")
  String metricsAddress;

  @Option(names = "--replay-to", paramLabel = "URL", description = "Replay HTTP/1.x requests found in the traffic to this base URL, e.g. http://preprod:8080.")
  URI replayTo;

  @Option(names = "--replay-method", split = ",", paramLabel = "METHOD", description = "Replay only these methods (e.g. GET,HEAD).")
  List<String> replayMethods = new ArrayList<>();

  @Option(names = "--replay-path", paramLabel = "PREFIX", description = "Replay only paths starting with this (repeatable).")
  List<String> replayPaths = new ArrayList<>();

  @Option(names = "--replay-percent", defaultValue = "100", description = "Replay this share of matching requests (default ${DEFAULT-VALUE}).")
  double replayPercent;

  @Option(names = "--replay-rate", defaultValue = "0", description = "Replay at most this many requests a second; 0 = no limit (default).")
  double replayRate;

  @Option(names = "--replay-host", description = "Send this Host header (default: the captured request's own).")
  String replayHost;

  @Option(names = "--replay-header", paramLabel = "NAME:VALUE", description = "Set this header on replayed requests (repeatable).")
  List<String> replayHeaders = new ArrayList<>();

  @Option(names = "--replay-gap-timeout", defaultValue = "5s", paramLabel = "DURATION",
      description = "Wait this long for a missing TCP segment before skipping it (default ${DEFAULT-VALUE}).")
  String replayGapTimeout;

  @Option(names = "--replay-max-in-flight", defaultValue = "256",
      description = "Requests awaiting the target's answer at once; more are skipped (default ${DEFAULT-VALUE}).")
  int replayMaxInFlight;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (default: run until Ctrl-C).")
  String duration;

  @Option(names = "--stats-every", defaultValue = "10s", paramLabel = "DURATION",
      description = "Print packet counts this often; 0 = only at the end (default ${DEFAULT-VALUE}).")
  String statsEvery;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Capture.Options options = options();
    Duration stopAfter = duration == null ? null : duration("--duration", duration);
    Duration stats = statsEvery.equals("0") ? Duration.ZERO : duration("--stats-every", statsEvery);
    Capture capture;
    try {
      capture = Capture.start(options, file -> {
        out.println("wrote " + file);
        out.flush();
      });
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    out.println("receiving VXLAN on udp " + capture.receiver().localAddress()
        + (options.pcapng() != null ? ", writing pcapng to " + options.pcapng().directory() : "")
        + (options.replay() != null ? ", replaying HTTP to " + options.replay().target() : "")
        + capture.metricsPort().map(p -> ", metrics on http://" + metricsAddress + ":" + p + "/metrics").orElse(""));
    if (options.replay() != null && !ReplayClient.hostHeaderSupported()) {
      out.println("note: this JVM cannot set the Host header (start it with -Djdk.httpclient.allowRestrictedHeaders=host):"
          + " replayed requests carry the target's host instead");
    }
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mirrorflow-receive-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      long deadline = stopAfter == null ? Long.MAX_VALUE : System.nanoTime() + stopAfter.toNanos();
      long step = stats.isZero() ? TimeUnit.SECONDS.toNanos(1) : stats.toNanos();
      while (true) {
        long wait = Math.min(step, deadline - System.nanoTime());
        if (wait <= 0 || stop.await(wait, TimeUnit.NANOSECONDS)) {
          break;
        }
        if (!stats.isZero() && System.nanoTime() < deadline) {
          out.println(progress(capture.metrics()));
          out.flush();
        }
      }
      capture.close();
      summary(capture, out);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for `finished`
      }
    }
    return capture.receiver().failure() == null ? Mirrorflow.EXIT_OK : Mirrorflow.EXIT_WORKFLOW_FAILED;
  }

  private Capture.Options options() {
    InetSocketAddress listenAddress = address("--listen", listen);
    RotatingPcapngSink.Options pcapng = null;
    if (write != null) {
      try {
        pcapng = new RotatingPcapngSink.Options(write, prefix, size(rotateSize), duration("--rotate-every", rotateEvery), split);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage(), e);
      }
    }
    ReplayPolicy replay = null;
    if (replayTo != null) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h : replayHeaders) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new BadInputException("--replay-header takes NAME:VALUE, e.g. 'X-Replayed: 1', got '" + h + "'");
        }
        headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
      }
      try {
        replay = new ReplayPolicy(replayTo, Set.copyOf(replayMethods), replayPaths, replayPercent, replayRate, replayHost,
            headers, replayMaxInFlight);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage(), e);
      }
    }
    InetSocketAddress metrics = null;
    if (metricsPort != null) {
      if (metricsPort < 0 || metricsPort > 65_535) {
        throw new BadInputException("--metrics-port must be 0 to 65535, got " + metricsPort);
      }
      metrics = new InetSocketAddress(host("--metrics-address", metricsAddress), metricsPort);
    }
    return new Capture.Options(listenAddress, pcapng, replay, duration("--replay-gap-timeout", replayGapTimeout), metrics);
  }

  /** One line of counts, e.g. {@code packets: vni 7=120 vni 9=3; drops 1}. */
  static String progress(ReceiverMetrics metrics) {
    StringBuilder b = new StringBuilder("packets:");
    Map<Integer, Long> perVni = metrics.packetsPerVni();
    if (perVni.isEmpty()) {
      b.append(" none yet");
    }
    perVni.forEach((vni, n) -> b.append(" vni ").append(vni).append('=').append(n));
    return b.append("; dropped ").append(metrics.drops()).toString();
  }

  /** What a capture did, for people. */
  static void summary(Capture capture, PrintWriter out) {
    ReceiverMetrics m = capture.metrics();
    out.println("received " + capture.receiver().datagrams() + " datagrams");
    m.packetsPerVni().forEach((vni, n) -> out.printf("  vni %-8d %10d packets %12d bytes %8d truncated%n",
        vni, n, m.bytes(vni), m.truncated(vni)));
    m.packetsPerSource().forEach((source, n) -> out.printf("  from %-15s %8d packets%n", source, n));
    for (DropReason r : DropReason.values()) {
      if (m.drops(r) > 0) {
        out.printf("  dropped %-12s %8d%n", r.label(), m.drops(r));
      }
    }
    if (!capture.files().isEmpty()) {
      out.println("pcapng files: " + capture.files().size() + " (last " + capture.files().get(capture.files().size() - 1) + ")");
    }
    capture.replayReport().ifPresent(r -> out.println(replayLine(r)));
    if (capture.receiver().failure() != null) {
      out.println("error: " + capture.receiver().failure().getMessage()
          + " (" + m.sinkErrors() + " packets could not be written or replayed)");
    }
    out.flush();
  }

  static String replayLine(ReplayReport r) {
    return String.format(Locale.ROOT, "replay: %d replayed, %d failed, %d skipped %s, responses %s, mean %.1f ms",
        r.replayed(), r.failed(), r.skippedTotal(), r.skipped(), r.statuses(), r.meanResponseMillis());
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)([KMG]?)B?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new BadInputException("--rotate-size takes bytes or a size like 500K, 100M, 2G; got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      case "G" -> n << 30;
      default -> n;
    };
  }

  static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new BadInputException(option + " takes a positive duration like 500ms, 30s, 15m or 1h; got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static InetSocketAddress address(String option, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new BadInputException(option + " takes HOST:PORT, e.g. 0.0.0.0:4789; got '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new BadInputException(option + ": '" + text.substring(colon + 1) + "' is not a port number");
    }
    if (port < 0 || port > 65_535) {
      throw new BadInputException(option + ": the port must be 0 to 65535, got " + port);
    }
    return new InetSocketAddress(host(option, text.substring(0, colon).replace("[", "").replace("]", "")), port);
  }

  private static InetAddress host(String option, String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new BadInputException(option + ": unknown host '" + text + "'", e);
    }
  }
}
