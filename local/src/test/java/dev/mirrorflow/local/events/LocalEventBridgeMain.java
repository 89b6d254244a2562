package dev.mirrorflow.local.events;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a local EventBridge (with the fake Step Functions and Lambda targets) up on a port, for
 * trying the AWS CLI against it by hand: {@code java ... LocalEventBridgeMain [clockSpeed]}; it
 * prints the endpoint and runs until killed.
 */
public final class LocalEventBridgeMain {
  private LocalEventBridgeMain() {}

  public static void main(String[] args) throws InterruptedException {
    double speed = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    LocalEventBridge local = new LocalEventBridge(speed);
    System.out.println("local EventBridge at " + local.server.endpoint());
    Runtime.getRuntime().addShutdownHook(new Thread(local::close));
    new CountDownLatch(1).await();
  }
}
