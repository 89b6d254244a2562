package dev.mirrorflow.receiver.pcapng;

import dev.mirrorflow.receiver.MirroredPacket;
import dev.mirrorflow.receiver.PacketSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes mirrored packets to pcapng files in a directory, one interface per VNI (or, split, per
 * outer source address), starting a new file when the current one reaches {@code maxBytes} or has
 * been open {@code maxAge}. A file is written as {@code NAME.pcapng.part} and renamed to {@code
 * NAME.pcapng} only once complete (on rotation or close), so every {@code .pcapng} in the directory
 * can be read whole.
 */
public final class RotatingPcapngSink implements PacketSink {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** How files are cut and which interface a packet is recorded on. */
  public record Options(Path directory, String prefix, long maxBytes, Duration maxAge, boolean splitBySource) {
    public Options {
      if (maxBytes < 1024) {
        throw new IllegalArgumentException("a pcapng file must be allowed at least 1024 bytes, got " + maxBytes);
      }
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("a rotation age must be positive, got " + maxAge);
      }
    }
  }

  private final Options options;
  private final Consumer<Path> onComplete;
  private final List<Path> completed = new ArrayList<>();
  private PcapngWriter writer;
  private Path partPath;
  private long openedMicros;
  private int sequence;

  /** {@code onComplete} hears of each finished file (e.g. to print it). */
  public RotatingPcapngSink(Options options, Consumer<Path> onComplete) throws IOException {
    this.options = options;
    this.onComplete = onComplete;
    Files.createDirectories(options.directory());
  }

  /** Files finished so far, oldest first. */
  public List<Path> completed() {
    return List.copyOf(completed);
  }

  @Override
  public void accept(MirroredPacket packet) throws IOException {
    if (writer != null && (writer.bytesWritten() >= options.maxBytes() || expired(packet.timestampMicros()))) {
      finishFile();
    }
    if (writer == null) {
      open(packet.timestampMicros());
    }
    String name;
    String description;
    if (options.splitBySource()) {
      name = packet.outerSource().getHostAddress();
      description = "VXLAN from " + name;
    } else {
      name = "vni-" + packet.vni();
      description = "VXLAN VNI " + packet.vni();
    }
    writer.write(name, description, packet.timestampMicros(), packet.frame(), packet.offset(), packet.length(),
        packet.originalLength());
  }

  @Override
  public void tick(long nowMicros) throws IOException {
    if (writer != null) {
      if (expired(nowMicros)) {
        finishFile();
      } else {
        writer.flush();
      }
    }
  }

  @Override
  public void close() throws IOException {
    finishFile();
  }

  private boolean expired(long nowMicros) {
    return nowMicros - openedMicros >= options.maxAge().toNanos() / 1000;
  }

  private void open(long nowMicros) throws IOException {
    Instant at = Instant.ofEpochSecond(nowMicros / 1_000_000, (nowMicros % 1_000_000) * 1000);
    String name = options.prefix() + "-" + STAMP.format(at) + "-" + String.format("%05d", sequence++) + ".pcapng";
    partPath = options.directory().resolve(name + ".part");
    writer = new PcapngWriter(new BufferedOutputStream(Files.newOutputStream(partPath), 1 << 20), "mirrorflow receive");
    openedMicros = nowMicros;
  }

  private void finishFile() throws IOException {
    if (writer == null) {
      return;
    }
    writer.close();
    writer = null;
    String name = partPath.getFileName().toString();
    Path done = partPath.resolveSibling(name.substring(0, name.length() - ".part".length()));
    Files.move(partPath, done, StandardCopyOption.ATOMIC_MOVE);
    completed.add(done);
    try {
      onComplete.accept(done);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
