package dev.mirrorflow.receiver.replay;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the payload of each TCP flow (one direction of a connection) back in sequence order, as
 * mirrored packets may arrive reordered (NLB and GWLB targets) or twice (retransmissions, or the same
 * packet mirrored from both ends' ENIs, which share the flow's addresses and ports).
 *
 * <ul>
 *   <li>A segment ahead of the next expected byte waits; bytes already delivered are dropped.
 *   <li>A hole that stays open for {@code gapTimeoutMicros} (or while more than {@code
 *       maxBufferedBytes} wait behind it) is skipped: the listener hears of the gap, then gets the
 *       bytes after it.
 *   <li>FIN ends a flow once every byte before it has arrived; RST ends it at once; a flow silent for
 *       {@code idleTimeoutMicros} ends too.
 * </ul>
 *
 * Sequence numbers are compared modulo 2^32 (RFC 793). A flow first seen without its SYN starts at
 * the first segment seen. Time comes from the caller (packet timestamps), so tests need no clock.
 * Not thread-safe: the receiver's one thread calls it.
 */
public final class TcpReassembler {

  /** What a reassembler reports. */
  public interface Listener {
    /** In-order bytes of {@code flow}; {@code data} may be kept. */
    void data(FlowKey flow, byte[] data);

    /** {@code missing} bytes of {@code flow} never arrived; what follows is not contiguous with what came before. */
    void gap(FlowKey flow, long missing);

    /** The flow ended (FIN, RST, idle or shutdown); nothing more comes for it. */
    void closed(FlowKey flow);
  }

  private static final class Flow {
    long next;
    long lastSeenMicros;
    long gapSinceMicros = -1;
    long finAt = -1;
    int buffered;
    final TreeMap<Long, byte[]> pending = new TreeMap<>();
  }

  private final Listener listener;
  private final long gapTimeoutMicros;
  private final long idleTimeoutMicros;
  private final int maxBufferedBytes;
  private final Map<FlowKey, Flow> flows = new HashMap<>();
  private long duplicateBytes;
  private long missingBytes;

  public TcpReassembler(Listener listener, long gapTimeoutMicros, long idleTimeoutMicros, int maxBufferedBytes) {
    this.listener = listener;
    this.gapTimeoutMicros = gapTimeoutMicros;
    this.idleTimeoutMicros = idleTimeoutMicros;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  /** Flows open now. */
  public int openFlows() {
    return flows.size();
  }

  /** Bytes dropped because they had been delivered already (retransmissions, duplicates). */
  public long duplicateBytes() {
    return duplicateBytes;
  }

  /** Bytes skipped over in gaps. */
  public long missingBytes() {
    return missingBytes;
  }

  /** One TCP segment of {@code flow}: its 32-bit sequence number, flags and payload. */
  public void segment(FlowKey flow, long sequence, boolean syn, boolean fin, boolean rst,
      byte[] payload, int offset, int length, long nowMicros) {
    Flow f = flows.get(flow);
    if (f == null) {
      if (rst || (length == 0 && !syn)) {
        return;
      }
      f = new Flow();
      f.next = syn ? sequence + 1 : sequence;
      flows.put(flow, f);
    }
    f.lastSeenMicros = nowMicros;
    long seq = unwrap(f.next, syn ? sequence + 1 : sequence);
    if (length > 0) {
      byte[] data = new byte[length];
      System.arraycopy(payload, offset, data, 0, length);
      take(f, seq, data);
    }
    if (fin) {
      f.finAt = seq + length;
    }
    drain(flow, f, nowMicros);
    if (rst) {
      end(flow, f, true);
    } else if (f.finAt >= 0 && f.next >= f.finAt) {
      end(flow, f, false);
    } else if (f.buffered > maxBufferedBytes) {
      skipGap(flow, f, nowMicros);
    }
  }

  /** Skips gaps older than the gap timeout and ends flows idle longer than the idle timeout. */
  public void expire(long nowMicros) {
    for (Iterator<Map.Entry<FlowKey, Flow>> it = flows.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<FlowKey, Flow> e = it.next();
      Flow f = e.getValue();
      if (f.gapSinceMicros >= 0 && nowMicros - f.gapSinceMicros >= gapTimeoutMicros) {
        skipGap(e.getKey(), f, nowMicros);
      }
      boolean finished = f.finAt >= 0 && f.next >= f.finAt;
      if (finished || nowMicros - f.lastSeenMicros >= idleTimeoutMicros) {
        flushAll(e.getKey(), f);
        it.remove();
        listener.closed(e.getKey());
      }
    }
  }

  /** Delivers whatever waits (across gaps) and ends every flow: the receiver is shutting down. */
  public void closeAll() {
    for (Map.Entry<FlowKey, Flow> e : flows.entrySet()) {
      flushAll(e.getKey(), e.getValue());
      listener.closed(e.getKey());
    }
    flows.clear();
  }

  private void take(Flow f, long seq, byte[] data) {
    long end = seq + data.length;
    if (end <= f.next) {
      duplicateBytes += data.length;
      return;
    }
    byte[] existing = f.pending.get(seq);
    if (existing != null) {
      duplicateBytes += Math.min(existing.length, data.length);
      if (existing.length >= data.length) {
        return;
      }
      f.buffered -= existing.length;
    }
    f.pending.put(seq, data);
    f.buffered += data.length;
  }

  private void drain(FlowKey key, Flow f, long nowMicros) {
    while (!f.pending.isEmpty()) {
      Map.Entry<Long, byte[]> first = f.pending.firstEntry();
      long seq = first.getKey();
      if (seq > f.next) {
        if (f.gapSinceMicros < 0) {
          f.gapSinceMicros = nowMicros;
        }
        return;
      }
      f.pending.pollFirstEntry();
      byte[] data = first.getValue();
      f.buffered -= data.length;
      int skip = (int) (f.next - seq);
      if (skip >= data.length) {
        duplicateBytes += data.length;
        continue;
      }
      duplicateBytes += skip;
      byte[] fresh = skip == 0 ? data : java.util.Arrays.copyOfRange(data, skip, data.length);
      f.next += fresh.length;
      listener.data(key, fresh);
    }
    f.gapSinceMicros = -1;
  }

  private void skipGap(FlowKey key, Flow f, long nowMicros) {
    if (f.pending.isEmpty()) {
      return;
    }
    long missing = f.pending.firstKey() - f.next;
    missingBytes += missing;
    f.next = f.pending.firstKey();
    f.gapSinceMicros = -1;
    listener.gap(key, missing);
    drain(key, f, nowMicros);
  }

  private void flushAll(FlowKey key, Flow f) {
    while (!f.pending.isEmpty()) {
      skipGap(key, f, f.lastSeenMicros);
    }
  }

  private void end(FlowKey key, Flow f, boolean reset) {
    if (reset) {
      flushAll(key, f);
    }
    flows.remove(key);
    listener.closed(key);
  }

  /** The 64-bit sequence nearest {@code reference} whose low 32 bits are {@code sequence32}. */
  static long unwrap(long reference, long sequence32) {
    int delta = (int) (sequence32 - reference);
    return reference + delta;
  }
}
