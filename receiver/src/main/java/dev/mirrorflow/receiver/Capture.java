package dev.mirrorflow.receiver;

import dev.mirrorflow.receiver.pcapng.RotatingPcapngSink;
import dev.mirrorflow.receiver.replay.ReplayPolicy;
import dev.mirrorflow.receiver.replay.ReplayReport;
import dev.mirrorflow.receiver.replay.ReplaySink;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running {@code mirrorflow receive}: the UDP receiver, with pcapng files, HTTP replay and a
 * Prometheus endpoint as asked. {@link #close()} stops it with nothing lost: queued datagrams are
 * read, the last file is finished, replayed requests are answered.
 */
public final class Capture implements AutoCloseable {

  /**
   * What to run.
   *
   * @param pcapng where and how to write files, or null for none
   * @param replay what to replay, or null for none
   * @param metrics where to serve Prometheus text ({@code /metrics}) and a health check ({@code
   *     /-/healthy}), or null for none
   */
  public record Options(
      InetSocketAddress listen, RotatingPcapngSink.Options pcapng, ReplayPolicy replay, Duration replayGapTimeout,
      InetSocketAddress metrics) {}

  private final Receiver receiver;
  private final RotatingPcapngSink pcapng;
  private final ReplaySink replay;
  private final HTTPServer metricsServer;

  private Capture(Receiver receiver, RotatingPcapngSink pcapng, ReplaySink replay, HTTPServer metricsServer) {
    this.receiver = receiver;
    this.pcapng = pcapng;
    this.replay = replay;
    this.metricsServer = metricsServer;
  }

  /** Starts everything; {@code onFile} hears of each finished pcapng file. */
  public static Capture start(Options options, Consumer<Path> onFile) {
    ReceiverMetrics metrics = new ReceiverMetrics();
    List<PacketSink> sinks = new ArrayList<>();
    RotatingPcapngSink pcapng = null;
    ReplaySink replay = null;
    HTTPServer server = null;
    try {
      if (options.pcapng() != null) {
        pcapng = new RotatingPcapngSink(options.pcapng(), onFile);
        sinks.add(pcapng);
      }
      if (options.replay() != null) {
        replay = new ReplaySink(options.replay(), metrics, options.replayGapTimeout());
        sinks.add(replay);
      }
      if (options.metrics() != null) {
        server = HTTPServer.builder().inetAddress(options.metrics().getAddress()).port(options.metrics().getPort())
            .registry(metrics.registry()).buildAndStart();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the capture: " + e.getMessage(), e);
    }
    try {
      return new Capture(Receiver.start(options.listen(), sinks, metrics, Clock.systemUTC()), pcapng, replay, server);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      throw e;
    }
  }

  public Receiver receiver() {
    return receiver;
  }

  public ReceiverMetrics metrics() {
    return receiver.metrics();
  }

  /** The metrics server's port, when one runs. */
  public Optional<Integer> metricsPort() {
    return Optional.ofNullable(metricsServer).map(HTTPServer::getPort);
  }

  /** Finished pcapng files so far. */
  public List<Path> files() {
    return pcapng == null ? List.of() : pcapng.completed();
  }

  public Optional<ReplayReport> replayReport() {
    return Optional.ofNullable(replay).map(ReplaySink::report);
  }

  @Override
  public void close() {
    receiver.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
  }
}
