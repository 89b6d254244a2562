package dev.mirrorflow.local;

import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Ec2Service;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.http.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The local cloud: its services on one {@link LocalServer} on the loopback address, sharing one
 * {@link LocalClock}. For now it serves EC2 (with Traffic Mirroring); EC2's instance state-change
 * events are dispatched in-process to whichever service serves {@code AWSEvents.PutEvents}.
 */
public final class LocalCloud implements AutoCloseable {
  private final LocalClock clock;
  private final LocalServer server;
  private final Ec2Service ec2;

  private LocalCloud(int port, LocalClock clock) {
    this.clock = clock;
    this.server = LocalServer.create(port);
    this.ec2 = Ec2Service.create(clock).eventSink(server);
    server.register(ec2);
  }

  /** A local cloud for {@code port} (0 = any free port) on a real-time clock; call {@link #start()}. */
  public static LocalCloud create(int port) {
    return new LocalCloud(port, LocalClock.create());
  }

  /** A local cloud for {@code port} on the given clock (e.g. a sped-up one). */
  public static LocalCloud create(int port, LocalClock clock) {
    return new LocalCloud(port, clock);
  }

  /** Starts serving; fails when the port is taken. */
  public LocalCloud start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local cloud on 127.0.0.1: " + e.getMessage()
          + " (is the port taken? use another, or 0 for any free port)", e);
    }
    return this;
  }

  /** Seeds EC2 with a scenario. */
  public LocalCloud seed(Scenario scenario) {
    ec2.seed(scenario);
    return this;
  }

  public URI endpoint() {
    return server.endpoint();
  }

  public LocalServer server() {
    return server;
  }

  public Ec2Service ec2() {
    return ec2;
  }

  public LocalClock clock() {
    return clock;
  }

  @Override
  public void close() {
    server.close();
  }
}
