package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalCloud;
import java.util.Map;

/**
 * The JSON the console's pages read, under {@value #PREFIX}:
 *
 * <pre>
 * GET state-machines                              name, type, executions by status
 * GET executions?status=S&amp;vpc=V&amp;stateMachine=N   newest first, filtered
 * GET execution?arn=A                             graph, states, history, children, parent
 * GET mirroring                                   registered VPCs, subnets, ENIs, sessions, reasons
 * GET events                                      rules and schedules; recent events and what they started
 * </pre>
 *
 * Everything is read from the local cloud's own services at the time of the request.
 */
public final class ConsoleApi {
  /** Where the API lives on the console's server. */
  public static final String PREFIX = "/console/api/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: HTTP status and JSON body. */
  public record Answer(int status, JsonNode body) {}

  private final ExecutionsView executions;
  private final MirroringView mirroring;
  private final EventsView events;

  public ConsoleApi(LocalCloud cloud) {
    this.executions = new ExecutionsView(cloud.stepFunctions());
    this.mirroring = new MirroringView(cloud.scheduler(), cloud.dataPlane(), cloud.ec2().world(), cloud.stepFunctions());
    this.events = new EventsView(cloud.server(), cloud.scheduler(), cloud.events().recentEvents(), cloud.stepFunctions());
  }

  /** Answers {@code GET PREFIX + route} with the decoded query {@code params}. */
  public Answer get(String route, Map<String, String> params) {
    try {
      return switch (route) {
        case "state-machines" -> new Answer(200, executions.stateMachines());
        case "executions" -> new Answer(200, executions.executions(params.get("status"), params.get("vpc"),
            params.get("stateMachine")));
        case "execution" -> new Answer(200, executions.execution(params.get("arn")));
        case "mirroring" -> new Answer(200, mirroring.json());
        case "events" -> new Answer(200, events.json());
        default -> error(404, "NotFound", "no console API " + route
            + "; there are state-machines, executions, execution?arn=, mirroring, events");
      };
    } catch (IllegalArgumentException e) {
      return error(400, "InvalidRequest", e.getMessage());
    }
  }

  private static Answer error(int status, String code, String message) {
    return new Answer(status, JSON.createObjectNode().put("error", code).put("message", message));
  }
}
