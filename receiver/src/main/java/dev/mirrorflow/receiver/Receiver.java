package dev.mirrorflow.receiver;

import dev.mirrorflow.receiver.packet.InnerPacket;
import dev.mirrorflow.receiver.packet.MalformedDatagramException;
import dev.mirrorflow.receiver.packet.Vxlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Receives VXLAN datagrams on a UDP socket and hands each decapsulated frame to its sinks, all on one
 * thread (so sinks need no locks). Malformed datagrams are counted by reason and dropped; a sink's
 * failure is counted and remembered, and receiving goes on. {@link #close()} reads what is already
 * queued on the socket, then closes the sinks, so the last pcapng file is complete.
 */
public final class Receiver implements AutoCloseable {
  /** Any UDP payload over IPv4 fits, so a 9,001-byte jumbo frame and its VXLAN header are never cut. */
  static final int BUFFER_BYTES = 65_536;
  private static final int IDLE_TICK_MILLIS = 100;
  /** Kernel receive buffer asked for: bursts of jumbo frames queue here while a file rotates. */
  private static final int SOCKET_BUFFER_BYTES = 16 << 20;

  private final DatagramSocket socket;
  private final List<PacketSink> sinks;
  private final ReceiverMetrics metrics;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Under a steady stream the socket is never idle: stop reading this long after close() anyway. */
  private static final long DRAIN_NANOS = 2_000_000_000L;
  private volatile boolean stopping;
  private volatile long stopRequestedNanos;
  private volatile Exception firstFailure;
  private volatile long datagrams;

  private Receiver(DatagramSocket socket, List<PacketSink> sinks, ReceiverMetrics metrics, Clock clock) {
    this.socket = socket;
    this.sinks = List.copyOf(sinks);
    this.metrics = metrics;
    this.clock = clock;
    this.thread = new Thread(this::run, "mirrorflow-receiver-" + socket.getLocalPort());
  }

  /** Binds {@code listen} (port 0 = any free port) and starts receiving. */
  public static Receiver start(InetSocketAddress listen, List<PacketSink> sinks, ReceiverMetrics metrics, Clock clock) {
    DatagramSocket socket;
    try {
      socket = new DatagramSocket(null);
      socket.setReceiveBufferSize(SOCKET_BUFFER_BYTES);
      socket.setSoTimeout(IDLE_TICK_MILLIS);
      socket.bind(listen);
    } catch (SocketException e) {
      throw new UncheckedIOException("cannot listen on UDP " + listen + ": " + e.getMessage()
          + " (is the port taken, or below 1024 without the privilege?)", e);
    }
    Receiver receiver = new Receiver(socket, sinks, metrics, clock);
    receiver.thread.start();
    return receiver;
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  public ReceiverMetrics metrics() {
    return metrics;
  }

  /** Datagrams received, well formed or not. */
  public long datagrams() {
    return datagrams;
  }

  /** The first failure of a sink, if any (later ones are only counted). */
  public Exception failure() {
    return firstFailure;
  }

  private void run() {
    byte[] buffer = new byte[BUFFER_BYTES];
    DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
    try {
      while (true) {
        datagram.setLength(buffer.length);
        try {
          socket.receive(datagram);
        } catch (SocketTimeoutException idle) {
          if (stopping) {
            break;
          }
          tick();
          continue;
        }
        datagrams++;
        handle(datagram);
        if (stopping && System.nanoTime() - stopRequestedNanos > DRAIN_NANOS) {
          break;
        }
      }
    } catch (IOException e) {
      remember(e);
    } finally {
      socket.close();
      for (PacketSink sink : sinks) {
        try {
          sink.close();
        } catch (IOException | RuntimeException e) {
          remember(e);
        }
      }
      stopped.countDown();
    }
  }

  private void handle(DatagramPacket datagram) {
    Vxlan.Decoded decoded;
    try {
      decoded = Vxlan.decode(datagram.getData(), datagram.getOffset(), datagram.getLength());
    } catch (MalformedDatagramException e) {
      metrics.drop(e.reason());
      return;
    }
    byte[] data = datagram.getData();
    int original = Math.max(decoded.frameLength(),
        InnerPacket.originalLength(data, decoded.frameOffset(), decoded.frameLength()));
    Instant now = clock.instant();
    MirroredPacket packet = new MirroredPacket(decoded.vni(), datagram.getAddress(),
        now.getEpochSecond() * 1_000_000 + now.getNano() / 1000, data, decoded.frameOffset(), decoded.frameLength(),
        original);
    metrics.packet(packet);
    for (PacketSink sink : sinks) {
      try {
        sink.accept(packet);
      } catch (IOException | RuntimeException e) {
        metrics.sinkError();
        remember(e);
      }
    }
  }

  private void tick() {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    for (PacketSink sink : sinks) {
      try {
        sink.tick(micros);
      } catch (IOException | RuntimeException e) {
        metrics.sinkError();
        remember(e);
      }
    }
  }

  private void remember(Exception e) {
    if (firstFailure == null) {
      firstFailure = e;
    }
  }

  /**
   * Stops receiving once the socket has been idle for a moment (what was already queued is read and
   * written; at most two more seconds under a steady stream), then closes every sink. Waits for all
   * of that.
   */
  @Override
  public void close() {
    stopRequestedNanos = System.nanoTime();
    stopping = true;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
