package dev.mirrorflow.receiver.replay;

import dev.mirrorflow.receiver.MirroredPacket;
import dev.mirrorflow.receiver.PacketSink;
import dev.mirrorflow.receiver.ReceiverMetrics;
import dev.mirrorflow.receiver.packet.InnerPacket;
import java.time.Duration;

/**
 * The receiver's replay: TCP segments of the mirrored packets are reassembled per flow, HTTP/1.x
 * requests are taken from the client side of each, and sent to the replay target.
 */
public final class ReplaySink implements PacketSink {
  private final ReplayClient client;
  private final TcpReassembler reassembler;
  private long nowMicros;

  /**
   * @param gapTimeout how long a hole in a flow is waited for before it is skipped
   */
  public ReplaySink(ReplayPolicy policy, ReceiverMetrics metrics, Duration gapTimeout) {
    this.client = new ReplayClient(policy, metrics);
    HttpRequestExtractor extractor = new HttpRequestExtractor(client::replay, client::skip, () -> nowMicros, 16 << 20);
    long gap = gapTimeout.toNanos() / 1000;
    this.reassembler = new TcpReassembler(extractor, gap, Math.max(gap, 120_000_000L), 4 << 20);
  }

  @Override
  public void accept(MirroredPacket p) {
    nowMicros = p.timestampMicros();
    InnerPacket.parse(p.frame(), p.offset(), p.length()).filter(i -> i.protocol() == InnerPacket.TCP && i.sourcePort() >= 0)
        .ifPresent(i -> reassembler.segment(
            new FlowKey(i.source(), i.sourcePort(), i.destination(), i.destinationPort()), i.sequence(),
            i.has(InnerPacket.SYN), i.has(InnerPacket.FIN), i.has(InnerPacket.RST),
            p.frame(), i.payloadOffset(), i.payloadLength(), p.timestampMicros()));
  }

  @Override
  public void tick(long now) {
    nowMicros = now;
    reassembler.expire(now);
  }

  public ReplayReport report() {
    return client.report();
  }

  public TcpReassembler reassembler() {
    return reassembler;
  }

  /** Delivers what waits in every flow, then waits for the target's answers. */
  @Override
  public void close() {
    reassembler.closeAll();
    client.close();
  }
}
