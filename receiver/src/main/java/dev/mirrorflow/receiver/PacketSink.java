package dev.mirrorflow.receiver;

import java.io.IOException;

/** Where the receiver hands decapsulated packets, all on its one receiving thread. */
public interface PacketSink extends AutoCloseable {

  void accept(MirroredPacket packet) throws IOException;

  /** Called when no packet came for a while, so time-based work (rotation, timeouts) still happens. */
  default void tick(long nowMicros) throws IOException {}

  /** Finishes everything: after close, all accepted packets are written or sent. */
  @Override
  void close() throws IOException;
}
