package dev.mirrorflow.cli;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code mirrorflow}: registers VPCs with a capture cluster, reconciles them on request, and shows
 * what Mirrorflow did. Every command that changes something starts a Step Functions execution and,
 * unless told not to wait, follows it to its end.
 *
 * <p>Exit codes: 0 success, 1 the workflow failed (its error and cause printed), 2 bad usage or input
 * (a message saying what to fix, printed before anything is started).
 */
@Command(
    name = "mirrorflow",
    mixinStandardHelpOptions = true,
    version = "mirrorflow 0.1.0",
    description = "Keeps one owned VPC Traffic Mirroring session on every eligible ENI of every registered VPC.",
    subcommands = {
      AddVpcCommand.class,
      RemoveVpcCommand.class,
      ScanCommand.class,
      PlanCommand.class,
      StatusCommand.class,
      ExecutionsCommand.class,
      LocalCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Mirrorflow {
  /** Success. */
  public static final int EXIT_OK = 0;
  /** The workflow ran and failed. */
  public static final int EXIT_WORKFLOW_FAILED = 1;
  /** Bad usage or input; nothing was started. */
  public static final int EXIT_BAD_INPUT = 2;

  @Option(
      names = "--endpoint-url",
      scope = ScopeType.INHERIT,
      description = "Send every AWS call here (e.g. the local cloud, http://127.0.0.1:4566).")
  URI endpointUrl;

  @Option(
      names = "--region",
      scope = ScopeType.INHERIT,
      description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1).")
  String region;

  @Option(
      names = "--cluster",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:MIRRORFLOW_CLUSTER:-default}",
      description = "The capture cluster (default: MIRRORFLOW_CLUSTER, then 'default').")
  String cluster;

  @Option(
      names = "--output",
      scope = ScopeType.INHERIT,
      defaultValue = "table",
      description = "table (for people) or json (machine-readable results only).")
  OutputFormat output;

  /** How results are printed. */
  public enum OutputFormat {
    table,
    json
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line and returns its exit code; output goes to {@code out}, messages to {@code err}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Mirrorflow());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setAllowSubcommandsAsOptionParameters(true); // e.g. --cluster demo
    // Every command has -h/--help and -V/--version; the version is the tool's.
    cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(cli.getCommandSpec().version()));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof BadInputException || e instanceof InvalidInputException) {
            commandLine.getErr().println("mirrorflow: " + e.getMessage());
            commandLine.getErr().flush();
            return EXIT_BAD_INPUT;
          }
          if (e instanceof WorkflowFailedException) {
            commandLine.getErr().println("mirrorflow: " + e.getMessage());
            commandLine.getErr().flush();
            return EXIT_WORKFLOW_FAILED;
          }
          throw e;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The cluster, checked: it is part of every rule and state machine name. */
  String cluster() {
    try {
      return Ids.cluster(cluster);
    } catch (InvalidInputException e) {
      throw new BadInputException("--cluster: " + e.getMessage());
    }
  }

  String region() {
    if (region != null && !region.isBlank()) {
      return region;
    }
    String env = System.getenv("AWS_REGION");
    if (env == null || env.isBlank()) {
      env = System.getenv("AWS_DEFAULT_REGION");
    }
    return env == null || env.isBlank() ? "us-east-1" : env.toLowerCase(Locale.ROOT);
  }
}
