package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** add-vpc's options from issue 11: --packet-length within AWS's 1-8500, --mirror-managed-databases. */
class AddVpcSourcesOptionsTest {
  final LocalCli cli = new LocalCli(20);

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void addVpc_whenPacketLengthAbove8500_exitsWithUsageErrorAndChangesNothing() {
    Map<String, Object> before = cli.snapshot();

    LocalCli.Result r = cli.run("add-vpc", cli.vpc, "--packet-length", "8501");

    assertThat(r.code()).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("--packet-length must be 1 to 8500");
    assertThat(cli.snapshot()).isEqualTo(before);
  }

  @Test
  void addVpc_whenManagedDatabasesAsked_mirrorsTheRdsEniToo() {
    LocalCli.Result r = cli.run("add-vpc", cli.vpc, "--mirror-managed-databases");

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(cli.ownedEnis()).containsAll(cli.eligibleEnis()).contains(cli.ids.get("orders-db"))
        .hasSize(cli.eligibleEnis().size() + 1);
  }
}
