package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.input.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Lists a VPC's recent executions with their outcome and a link to each. */
@Command(mixinStandardHelpOptions = true, name = "executions", description = "Recent executions for a VPC, with outcome and console link.")
final class ExecutionsCommand implements Callable<Integer> {
  @ParentCommand Mirrorflow root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "VPC_ID")
  String vpcId;

  @Override
  public Integer call() {
    Ids.vpc(vpcId);
    Printer printer = new Printer(spec.commandLine().getOut(), root.output);
    try (Cloud cloud = new Cloud(root)) {
      List<RecentExecutions.Run> runs = new RecentExecutions(cloud).of(vpcId, RecentExecutions.WORKFLOWS);
      if (printer.json()) {
        ArrayNode array = Printer.JSON.createArrayNode();
        for (RecentExecutions.Run run : runs) {
          ObjectNode o = array.addObject();
          o.put("workflow", run.workflow());
          o.put("name", run.name());
          o.put("executionArn", run.arn());
          o.put("status", run.status());
          o.put("start", String.valueOf(run.start()));
          o.put("stop", run.stop() == null ? null : run.stop().toString());
          o.put("error", run.error());
          o.put("link", cloud.executionLink(run.arn()));
        }
        printer.result(array);
        return 0;
      }
      if (runs.isEmpty()) {
        printer.say("no recent executions for " + vpcId + " in cluster '" + cloud.cluster() + "'");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (RecentExecutions.Run run : runs) {
        rows.add(List.of(
            run.workflow(),
            run.status() + (run.error() == null ? "" : " (" + run.error() + ")"),
            String.valueOf(run.start()),
            cloud.executionLink(run.arn())));
      }
      printer.table(List.of("WORKFLOW", "OUTCOME", "STARTED", "LINK"), rows);
      return 0;
    }
  }
}
