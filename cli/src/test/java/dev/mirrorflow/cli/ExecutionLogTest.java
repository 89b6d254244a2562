package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mirrorflow local}'s terminal log: one line per execution start and end, saying what it did. */
class ExecutionLogTest {

  @Test
  void poll_afterAddVpc_printsOneStartAndOneEndLinePerExecutionWithWhatItDid() {
    try (LocalCli cli = new LocalCli(1)) {
      assertThat(cli.run("add-vpc", cli.vpc).code()).isZero();
      StringWriter text = new StringWriter();
      ExecutionLog log = new ExecutionLog(cli.cloud.stepFunctions(), new PrintWriter(text, true));

      log.poll();
      log.poll();

      List<String> lines = text.toString().lines().toList();
      int executions = cli.cloud.stepFunctions().executions().size();
      assertThat(lines).hasSize(2 * executions);
      assertThat(lines).anyMatch(l -> l.contains(" start add-vpc ") && l.contains(cli.vpc + "-add-vpc-"));
      assertThat(lines).anyMatch(l -> l.contains(" end   add-vpc ") && l.contains("SUCCEEDED")
          && l.contains("created 5, deleted 0, kept 0, skipped 8, failed 1"));
      assertThat(lines).anyMatch(l -> l.contains(" end   reconcile-vpc ") && l.contains("created 5"));
      assertThat(text.toString()).doesNotContain("_aws", "{");
    }
  }
}
