package dev.mirrorflow.local.events;

import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** A local server with the EventBridge service and fake targets, and an SDK client for it. */
final class LocalEventBridge implements AutoCloseable {
  final LocalClock clock;
  final LocalServer server;
  final EventsService events;
  final FakeTargets targets = new FakeTargets();
  final EventBridgeClient client;

  LocalEventBridge(double clockSpeed) {
    clock = LocalClock.speeded(clockSpeed);
    server = LocalServer.create(0);
    events = new EventsService(clock, server);
    server.register(events).register(targets);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = LocalClients.eventBridge(server.endpoint());
  }

  static String stateMachineArn(String name) {
    return "arn:aws:states:us-east-1:000000000000:stateMachine:" + name;
  }

  static final String ROLE_ARN = "arn:aws:iam::000000000000:role/events-invoke";

  @Override
  public void close() {
    client.close();
    events.close();
    server.close();
  }
}
