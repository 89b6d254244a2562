package dev.mirrorflow.local.ec2;

import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.LocalCloud;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** A started local cloud on a free port and a real SDK EC2 client for it; close after each test. */
final class LocalEc2 implements AutoCloseable {
  final LocalCloud cloud;
  final Ec2Service service;
  final Ec2World world;
  final Ec2Client ec2;

  private LocalEc2(int maxAttempts) {
    cloud = LocalCloud.create(0).start();
    service = cloud.ec2();
    world = service.world();
    ec2 = client(maxAttempts);
  }

  /** A cloud and a client that makes one attempt per call, so every error reaches the test. */
  static LocalEc2 start() {
    return new LocalEc2(1);
  }

  /** A cloud and a client with the SDK's own retries (up to {@code maxAttempts}). */
  static LocalEc2 startWithRetries(int maxAttempts) {
    return new LocalEc2(maxAttempts);
  }

  Ec2Client client(int maxAttempts) {
    return LocalClients.ec2(cloud.endpoint(), maxAttempts);
  }

  @Override
  public void close() {
    ec2.close();
    cloud.close();
  }
}
