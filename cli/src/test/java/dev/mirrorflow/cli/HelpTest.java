package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --help} and {@code -h} on every command print its usage and exit 0, whatever else is missing. */
class HelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void everyCommand_whenAskedForHelp_printsItsUsageAndExitsZero(String option) {
    var commands = new CommandLine(new Mirrorflow()).getSubcommands().keySet();
    assertThat(commands).contains("add-vpc", "remove-vpc", "scan", "plan", "status", "executions", "local", "demo");

    for (String command : commands) {
      if (command.equals("help")) {
        continue;
      }
      LocalCli.Result r = LocalCli.runRaw(command, option);

      assertThat(r.code()).as("%s %s: %s", command, option, r).isZero();
      assertThat(r.out()).as("%s %s", command, option).contains("Usage: mirrorflow " + command);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "add-vpc"})
  void aCommand_whenAskedForItsVersion_printsTheToolsAndExitsZero(String command) {
    LocalCli.Result r = LocalCli.runRaw(command, "--version");

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.out()).startsWith("mirrorflow ");
  }
}
