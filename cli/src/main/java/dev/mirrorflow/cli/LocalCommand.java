package dev.mirrorflow.cli;

import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Scenario;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Runs the local cloud in the foreground, with the cluster deployed on it, until Ctrl-C. */
@Command(
    mixinStandardHelpOptions = true,
    name = "local",
    description = "Run the local cloud in the foreground, with the cluster deployed on it (Ctrl-C stops it).")
final class LocalCommand implements Callable<Integer> {
  @ParentCommand Mirrorflow root;
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "4566", description = "Port on 127.0.0.1 (0: any free port; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--scenario", paramLabel = "FILE",
      description = "Seed EC2 from this scenario file (or 'demo', the bundled one); its first target and filter become the cluster's defaults.")
  String scenario;

  @Option(names = "--speed", defaultValue = "1", description = "Clock speed: 60 makes a minute pass in a second (default ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--step-logs", paramLabel = "FILE",
      description = "Where the steps' own log and metric lines go (CloudWatch's on AWS): a file, or - for this terminal"
          + " (default: not kept). The terminal shows one line per execution start and end.")
  String stepLogs;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new BadInputException("--port must be 0 to 65535, got " + port);
    }
    if (!(speed > 0)) {
      throw new BadInputException("--speed must be a positive number, got " + speed);
    }
    String cluster = root.cluster();
    Scenario seed = scenario == null ? null : LocalSetup.scenario(scenario);
    // The in-process Lambda functions write their log and EMF metric lines to standard output, as on
    // Lambda; this command's own output was bound to the terminal before, so only theirs moves.
    String stepLogsWhere = redirectStepLogs();
    LocalSetup setup;
    try {
      setup = LocalSetup.start(port, LocalClock.speeded(speed), seed, cluster);
    } catch (UncheckedIOException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      setup.close();
      stopped.countDown();
    }, "mirrorflow-local-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    describe(setup, cluster, out);
    if (seed != null) {
      // A second account of the organization, with the member stack and a VPC of its own.
      java.util.Map<String, String> member = setup.addMemberAccount(LocalSetup.MEMBER_ACCOUNT);
      out.println("member account " + LocalSetup.MEMBER_ACCOUNT + " (member stack deployed, target shared): VPC "
          + member.get("payments") + " (payments), filter " + member.get("all-traffic"));
      out.println("  ./mirrorflow --endpoint-url " + setup.cloud().endpoint() + " --cluster " + cluster + " add-vpc "
          + member.get("payments") + " --account " + LocalSetup.MEMBER_ACCOUNT + " --filter-id " + member.get("all-traffic"));
    }
    out.println("step logs and metrics: " + stepLogsWhere);
    out.println("executions, one line as each starts and ends:");
    out.flush();
    new ExecutionLog(setup.cloud().stepFunctions(), out).follow(java.time.Duration.ofMillis(250));
    stopped.await();
    return Mirrorflow.EXIT_OK;
  }

  private String redirectStepLogs() {
    if ("-".equals(stepLogs)) {
      return "this terminal (--step-logs -)";
    }
    if (stepLogs == null) {
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      return "not kept (--step-logs FILE keeps them, --step-logs - shows them here)";
    }
    try {
      System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(stepLogs, true), true,
          java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new BadInputException("--step-logs: cannot write " + stepLogs + ": " + e.getMessage(), e);
    }
    return stepLogs;
  }

  /** What is running and how to use it. */
  static void describe(LocalSetup setup, String cluster, PrintWriter out) {
    String endpoint = setup.cloud().endpoint().toString();
    out.println("local cloud listening on " + endpoint + " (EC2, EventBridge, Lambda, Step Functions)");
    out.println("console: " + setup.cloud().consoleUrl() + " (executions as graphs, every ENI's mirroring, events)");
    out.println("cluster '" + cluster + "' deployed: " + String.join(", ", setup.deployment().stateMachineArns().keySet()));
    if (setup.defaultTargetId() != null) {
      out.println("  default mirror target " + setup.defaultTargetId() + ", filter " + setup.defaultFilterId());
    }
    // The scenario's ids map both its refs and its given ids to ids: name each VPC once.
    java.util.Map<String, String> vpcs = new java.util.TreeMap<>();
    setup.ids().forEach((ref, id) -> {
      if (id.startsWith("vpc-") && (!vpcs.containsKey(id) || vpcs.get(id).equals(id))) {
        vpcs.put(id, ref);
      }
    });
    vpcs.forEach((id, ref) -> out.println("  VPC " + id + (ref.equals(id) ? "" : " (" + ref + ")")));
    out.println("try, in another terminal:");
    String vpc = setup.ids().values().stream().filter(id -> id.startsWith("vpc-")).findFirst().orElse("vpc-...");
    out.println("  ./mirrorflow --endpoint-url " + endpoint + " --cluster " + cluster + " add-vpc " + vpc);
    out.println("  ./mirrorflow --endpoint-url " + endpoint + " --cluster " + cluster + " status");
    out.println("  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --region us-east-1 --endpoint-url " + endpoint
        + " ec2 describe-traffic-mirror-sessions");
    out.println("Ctrl-C stops it.");
    out.flush();
  }
}
