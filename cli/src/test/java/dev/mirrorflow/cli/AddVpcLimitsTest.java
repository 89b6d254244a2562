package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.lifecycle.RegistrationTooLargeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * add-vpc with a configuration too large for its registration: the add-vpc workflow's Validate step
 * refuses it with a named error before anything is written (no schedule, no session).
 */
class AddVpcLimitsTest {
  final LocalCli cli = new LocalCli();

  @AfterEach
  void stop() {
    cli.close();
  }

  /** {@code count} --include-tag options whose values together far exceed 8,192 characters. */
  static List<String> manyTags(int count) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      args.add("--include-tag");
      args.add("team-" + i + "=" + "v".repeat(60));
    }
    return args;
  }

  @Test
  void addVpc_whenTheTagListIsTooLargeForEventBridge_failsNamedAndWritesNothing() {
    List<String> args = new ArrayList<>(List.of("add-vpc", cli.vpc));
    args.addAll(manyTags(150));

    LocalCli.Result r = cli.run(args.toArray(String[]::new));

    assertThat(r.code()).as("%s", r).isNotZero().isNotEqualTo(Mirrorflow.EXIT_OK);
    assertThat(r.err()).contains(RegistrationTooLargeException.class.getName(), "8192", "--include-tag");
    assertThat(cli.schedule()).as("no schedule").isNull();
    assertThat(cli.ownedSessions()).isEmpty();
  }

  @Test
  void addVpc_whenTheTagListFits_registersIt() {
    List<String> args = new ArrayList<>(List.of("add-vpc", cli.vpc));
    args.addAll(manyTags(20));

    LocalCli.Result r = cli.run(args.toArray(String[]::new));

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(cli.schedule().path("Target").path("Input").asText()).contains("team-19");
  }
}
