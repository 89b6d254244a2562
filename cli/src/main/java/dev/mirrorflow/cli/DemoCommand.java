package dev.mirrorflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The whole story on an in-process local cloud: see {@link Demo}. */
@Command(
    mixinStandardHelpOptions = true,
    name = "demo",
    description = "The whole story on the local cloud, in-process: add a VPC, watch it follow changes, remove it.")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand Mirrorflow root;
  @Spec CommandSpec spec;

  @Option(names = "--speed", defaultValue = "" + Demo.DEFAULT_SPEED,
      description = "Clock speed of the local cloud (default ${DEFAULT-VALUE}: a scheduled minute in a few seconds).")
  double speed;

  @Override
  public Integer call() {
    if (!(speed >= 1)) {
      throw new BadInputException("--speed must be at least 1, got " + speed);
    }
    return new Demo(spec.commandLine().getOut(), spec.commandLine().getErr(), speed).run();
  }
}
