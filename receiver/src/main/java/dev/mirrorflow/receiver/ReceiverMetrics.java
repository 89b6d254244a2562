package dev.mirrorflow.receiver;

import dev.mirrorflow.receiver.packet.DropReason;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receiver's counters, in a Prometheus registry of their own (so two receivers in one JVM, as in
 * tests, do not share them): packets, bytes and truncated packets per VNI, packets per outer source,
 * drops per reason, sink errors, and replay outcomes and response status codes.
 */
public final class ReceiverMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter packets = Counter.builder().name("mirrorflow_receiver_packets")
      .help("Mirrored packets decapsulated, per VNI").labelNames("vni").register(registry);
  private final Counter bytes = Counter.builder().name("mirrorflow_receiver_bytes")
      .help("Bytes of inner frames decapsulated, per VNI").labelNames("vni").register(registry);
  private final Counter truncated = Counter.builder().name("mirrorflow_receiver_truncated_packets")
      .help("Inner frames shorter than their IP length, per VNI").labelNames("vni").register(registry);
  private final Counter sources = Counter.builder().name("mirrorflow_receiver_source_packets")
      .help("Mirrored packets per outer source address").labelNames("source").register(registry);
  private final Counter drops = Counter.builder().name("mirrorflow_receiver_drops")
      .help("Datagrams dropped as malformed, per reason").labelNames("reason").register(registry);
  private final Counter sinkErrors = Counter.builder().name("mirrorflow_receiver_sink_errors")
      .help("Packets a sink (pcapng writer, replay) failed to take").register(registry);
  private final Counter replay = Counter.builder().name("mirrorflow_replay_requests")
      .help("HTTP requests found in the mirrored traffic, per outcome (replayed, failed, skipped_<why>)")
      .labelNames("outcome").register(registry);
  private final Counter replayStatus = Counter.builder().name("mirrorflow_replay_responses")
      .help("Responses of the replay target, per status code").labelNames("code").register(registry);
  private final Map<Integer, CounterDataPoint[]> perVni = new ConcurrentHashMap<>();
  private final Map<java.net.InetAddress, CounterDataPoint> perSource = new ConcurrentHashMap<>();

  public PrometheusRegistry registry() {
    return registry;
  }

  void packet(MirroredPacket p) {
    CounterDataPoint[] points = perVni.computeIfAbsent(p.vni(), vni -> {
      String label = Integer.toString(vni);
      return new CounterDataPoint[] {packets.labelValues(label), bytes.labelValues(label), truncated.labelValues(label)};
    });
    points[0].inc();
    points[1].inc(p.length());
    if (p.truncated()) {
      points[2].inc();
    }
    perSource.computeIfAbsent(p.outerSource(), a -> sources.labelValues(a.getHostAddress())).inc();
  }

  void drop(DropReason reason) {
    drops.labelValues(reason.label()).inc();
  }

  void sinkError() {
    sinkErrors.inc();
  }

  /** Counts one replay outcome: {@code replayed}, {@code failed} or {@code skipped_<why>}. */
  public void replayOutcome(String outcome) {
    replay.labelValues(outcome).inc();
  }

  /** Counts one response status code of the replay target. */
  public void replayStatus(int code) {
    replayStatus.labelValues(Integer.toString(code)).inc();
  }

  public long packets(int vni) {
    return (long) packets.labelValues(Integer.toString(vni)).get();
  }

  public long bytes(int vni) {
    return (long) bytes.labelValues(Integer.toString(vni)).get();
  }

  public long truncated(int vni) {
    return (long) truncated.labelValues(Integer.toString(vni)).get();
  }

  public long drops(DropReason reason) {
    return (long) drops.labelValues(reason.label()).get();
  }

  public long sinkErrors() {
    return (long) sinkErrors.get();
  }

  /** Packets per VNI so far, by VNI. */
  public Map<Integer, Long> packetsPerVni() {
    Map<Integer, Long> out = new TreeMap<>();
    perVni.forEach((vni, points) -> out.put(vni, (long) points[0].get()));
    return out;
  }

  /** Packets per outer source so far. */
  public Map<String, Long> packetsPerSource() {
    Map<String, Long> out = new TreeMap<>();
    sources.collect().getDataPoints().forEach(d -> out.put(d.getLabels().get("source"), (long) d.getValue()));
    return out;
  }

  /** Total datagrams dropped, all reasons. */
  public long drops() {
    long n = 0;
    for (DropReason r : DropReason.values()) {
      n += drops(r);
    }
    return n;
  }
}
