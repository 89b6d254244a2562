package dev.mirrorflow.local;

import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.http.LocalServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local cloud in the foreground until Ctrl-C: {@code LocalCloudMain [--port N] [--scenario
 * FILE]}. Port 4566 by default, 0 for any free port. Prints the endpoint to give the AWS CLI's
 * {@code --endpoint-url} or an SDK client's {@code endpointOverride}.
 */
public final class LocalCloudMain {
  private LocalCloudMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = LocalServer.DEFAULT_PORT;
    Path scenario = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = port(value(args, ++i, "--port"));
        case "--scenario" -> scenario = Path.of(value(args, ++i, "--scenario"));
        case "-h", "--help" -> {
          System.out.println("usage: LocalCloudMain [--port N (default 4566, 0 = any free port)] [--scenario FILE]");
          return;
        }
        default -> {
          System.err.println("unknown argument '" + args[i] + "'; usage: LocalCloudMain [--port N] [--scenario FILE]");
          System.exit(2);
        }
      }
    }
    LocalCloud cloud = LocalCloud.create(port);
    try {
      if (scenario != null) {
        cloud.seed(Scenario.read(scenario));
      }
      cloud.start();
    } catch (RuntimeException e) {
      System.err.println("cannot start the local cloud: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cloud.close();
      System.out.println("local cloud stopped");
      stopped.countDown();
    }, "local-cloud-shutdown"));
    System.out.println("local cloud listening on " + cloud.endpoint()
        + (scenario == null ? "" : " (EC2 seeded from " + scenario + ")"));
    System.out.println("try: AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 aws --endpoint-url "
        + cloud.endpoint() + " ec2 describe-network-interfaces");
    System.out.flush();
    stopped.await();
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      System.err.println("--port takes a number (0 for any free port), got '" + value + "'");
      System.exit(2);
      return -1;
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      System.err.println(flag + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
