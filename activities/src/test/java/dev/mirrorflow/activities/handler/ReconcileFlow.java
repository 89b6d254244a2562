package dev.mirrorflow.activities.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Runs the steps in the order and with the data passing of reconcile-vpc.asl.json (PlanVpc, then per
 * subnet PlanSubnet, delete batches, create batches, looping on hasMore, TallySubnet; then Summarize), retrying a
 * step on {@link TransientEc2Exception} like the ASL's Retry. It checks the steps fit together; the
 * ASL itself is checked by StateMachineDefinitionsTest and run by the local cloud.
 */
final class ReconcileFlow {
  final PlanVpcHandler planVpc;
  final PlanSubnetHandler planSubnet;
  final CreateSessionsHandler createSessions;
  final DeleteSessionsHandler deleteSessions;
  final TallySubnetHandler tallySubnet = new TallySubnetHandler();
  final SummarizeHandler summarize = new SummarizeHandler();
  int invocations;
  int retries;
  /** The largest state passed between states, in characters (Step Functions allows 256 KiB). */
  int largestState;

  ReconcileFlow(VpcRegistry registry, InMemoryEc2 ec2, Clock clock) {
    EmbeddedMetrics metrics = new EmbeddedMetrics(new PrintStream(OutputStream.nullOutputStream()), clock);
    planVpc = new PlanVpcHandler(registry, ec2, metrics);
    planSubnet = new PlanSubnetHandler(ec2, clock);
    createSessions = new CreateSessionsHandler(registry, ec2, metrics);
    deleteSessions = new DeleteSessionsHandler(ec2, metrics);
  }

  JsonNode run(String input) {
    JsonNode plan = step(() -> Steps.invoke(planVpc, input));
    if (plan.get("dryRun").asBoolean() || !plan.get("hasWork").asBoolean()) {
      return plan;
    }
    ArrayNode subnetResults = StepJson.MAPPER.createArrayNode();
    for (JsonNode subnet : plan.get("subnets")) {
      ObjectNode state = StepJson.MAPPER.createObjectNode();
      state.set("cluster", plan.get("cluster"));
      state.set("vpcId", plan.get("vpcId"));
      state.set("config", plan.get("config"));
      state.set("subnetId", subnet.get("subnetId"));
      state.putObject("tally");
      state.putArray("createResults");
      state.putArray("deleteResults");
      while (true) {
        ObjectNode request = StepJson.MAPPER.createObjectNode();
        for (String field : new String[] {"cluster", "vpcId", "subnetId", "config", "tally", "createResults", "deleteResults"}) {
          request.set(field, state.get(field));
        }
        ObjectNode planned = (ObjectNode) step(() -> Steps.invoke(planSubnet, request));
        state = planned.deepCopy();
        ArrayNode deletes = state.putArray("deleteResults");
        for (JsonNode batch : planned.get("deleteBatches")) {
          deletes.add(step(() -> Steps.invoke(deleteSessions, batch)));
        }
        ArrayNode creates = state.putArray("createResults");
        for (JsonNode batch : planned.get("createBatches")) {
          creates.add(step(() -> Steps.invoke(createSessions, batch)));
        }
        largestState = Math.max(largestState, state.toString().length());
        if (!planned.get("hasMore").asBoolean()) {
          break;
        }
      }
      ObjectNode tallyInput = StepJson.MAPPER.createObjectNode();
      for (String field : new String[] {"subnetId", "tally", "createResults", "deleteResults"}) {
        tallyInput.set(field, state.get(field));
      }
      subnetResults.add(step(() -> Steps.invoke(tallySubnet, tallyInput)));
    }
    ObjectNode summaryInput = StepJson.MAPPER.createObjectNode();
    summaryInput.set("cluster", plan.get("cluster"));
    summaryInput.set("vpcId", plan.get("vpcId"));
    summaryInput.set("totals", plan.get("totals"));
    summaryInput.set("subnetResults", subnetResults);
    largestState = Math.max(largestState, summaryInput.toString().length());
    return step(() -> Steps.invoke(summarize, summaryInput));
  }

  private JsonNode step(Supplier<JsonNode> invocation) {
    for (int attempt = 1; ; attempt++) {
      invocations++;
      try {
        return invocation.get();
      } catch (TransientEc2Exception e) {
        if (attempt == 6) {
          throw e;
        }
        retries++;
      }
    }
  }
}
