package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.clock.LocalClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code mirrorflow local} (what it starts, its usage errors) and {@code mirrorflow demo} end to end. */
class LocalAndDemoCommandsTest {

  @Test
  void demo_whenRun_tellsTheWholeStoryAndEveryCheckHolds() {
    LocalCli.Result r = LocalCli.runRaw("demo");

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.out()).contains("1. The world", "2. $ mirrorflow add-vpc", "3. Instances come and go",
        "4. Someone deletes session", "5. $ mirrorflow remove-vpc", "demo passed")
        .doesNotContain("[FAILED]");
  }

  @Test
  void localSetup_whenStartedWithTheDemoScenario_servesTheClusterTheOtherCommandsUse() {
    try (LocalSetup setup = LocalSetup.start(0, LocalClock.create(), LocalSetup.scenario("demo"), "lc")) {
      StringWriter text = new StringWriter();
      LocalCommand.describe(setup, "lc", new PrintWriter(text, true));

      String endpoint = setup.cloud().endpoint().toString();
      assertThat(text.toString()).contains("local cloud listening on " + endpoint, "add-vpc", "remove-vpc",
          "reconcile-vpc", "--endpoint-url " + endpoint + " --cluster lc add-vpc " + setup.ids().get("shop"));
      assertThat(setup.defaultTargetId()).isEqualTo(setup.ids().get("capture"));
      LocalCli.Result status = LocalCli.runRaw("--endpoint-url", endpoint, "--cluster", "lc", "status");
      assertThat(status.code()).as("%s", status).isZero();
      assertThat(status.out()).contains("no VPC is registered with cluster 'lc'");
    }
  }

  @Test
  void local_whenPortTakenOrScenarioMissing_exitsWithUsageError() {
    try (LocalCli running = new LocalCli()) {
      LocalCli.Result taken = LocalCli.runRaw("local", "--port", String.valueOf(running.cloud.endpoint().getPort()));
      LocalCli.Result missing = LocalCli.runRaw("local", "--port", "0", "--scenario", "/no/such/scenario.json");
      LocalCli.Result badPort = LocalCli.runRaw("local", "--port", "70000");

      assertThat(taken.code()).as("%s", taken).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
      assertThat(taken.err()).contains("port");
      assertThat(missing.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
      assertThat(missing.err()).contains("/no/such/scenario.json", "bundled scenarios: demo");
      assertThat(badPort.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
      assertThat(badPort.err()).contains("--port must be 0 to 65535");
    }
  }
}
