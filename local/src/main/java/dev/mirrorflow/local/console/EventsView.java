package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.events.RecentEvents;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.scheduler.LocalScheduler;
import dev.mirrorflow.local.scheduler.Schedule;
import dev.mirrorflow.local.sfn.LocalStepFunctions;

/**
 * The console's events page: the buses and their rules (patterns and schedules) through the local
 * EventBridge API, the schedules of the local EventBridge Scheduler, and the events recently routed with the rules they matched and the executions
 * their deliveries started.
 */
final class EventsView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsDispatcher dispatcher;
  private final LocalScheduler scheduler;
  private final RecentEvents recent;
  private final LocalStepFunctions stepFunctions;

  EventsView(AwsDispatcher dispatcher, LocalScheduler scheduler, RecentEvents recent, LocalStepFunctions stepFunctions) {
    this.dispatcher = dispatcher;
    this.scheduler = scheduler;
    this.recent = recent;
    this.stepFunctions = stepFunctions;
  }

  /**
   * {@code {rules: [{bus, name, state, schedule?, pattern?}], events: [{sequence, bus, time, source,
   * detailType, scheduled, detail, matches: [{rule, deliveries: [{targetId, targetArn, status,
   * executionArn?, executionStatus?, error?}]}]}]}}, events newest first.
   */
  ObjectNode json() {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode rules = out.putArray("rules");
    for (JsonNode bus : call("AWSEvents.ListEventBuses", JSON.createObjectNode()).path("EventBuses")) {
      String busName = bus.path("Name").asText();
      String token = null;
      do {
        ObjectNode request = JSON.createObjectNode().put("EventBusName", busName);
        if (token != null) {
          request.put("NextToken", token);
        }
        JsonNode page = call("AWSEvents.ListRules", request);
        for (JsonNode r : page.path("Rules")) {
          ObjectNode rule = rules.addObject().put("bus", busName).put("name", r.path("Name").asText())
              .put("state", r.path("State").asText());
          if (r.hasNonNull("ScheduleExpression")) {
            rule.put("schedule", r.get("ScheduleExpression").asText());
          }
          if (r.hasNonNull("EventPattern")) {
            rule.put("pattern", r.get("EventPattern").asText());
          }
        }
        token = page.path("NextToken").asText(null);
      } while (token != null);
    }
    // EventBridge Scheduler's schedules (one per registered VPC) are listed with the rules, their
    // group standing where a rule's bus does.
    for (Schedule schedule : scheduler.schedules()) {
      rules.addObject().put("bus", "schedule group " + schedule.group()).put("name", schedule.name())
          .put("state", schedule.state()).put("schedule", schedule.expression().expression());
    }
    ArrayNode events = out.putArray("events");
    for (RecentEvents.Entry e : recent.entries()) {
      JsonNode event = e.event();
      ObjectNode j = events.addObject().put("sequence", e.sequence()).put("bus", e.bus())
          .put("id", event.path("id").asText()).put("time", event.path("time").asText())
          .put("source", event.path("source").asText()).put("detailType", event.path("detail-type").asText())
          .put("scheduled", e.scheduled());
      j.set("detail", event.path("detail"));
      j.set("resources", event.path("resources"));
      ArrayNode matches = j.putArray("matches");
      for (RecentEvents.Match m : e.matches()) {
        ObjectNode mj = matches.addObject().put("rule", m.rule());
        ArrayNode deliveries = mj.putArray("deliveries");
        for (RecentEvents.Delivery d : m.deliveries()) {
          ObjectNode dj = deliveries.addObject().put("targetId", d.targetId()).put("targetArn", d.targetArn())
              .put("status", d.status());
          if (d.executionArn() != null) {
            dj.put("executionArn", d.executionArn());
            stepFunctions.execution(d.executionArn()).ifPresent(x -> dj.put("executionStatus", x.status().name()));
          }
          if (d.error() != null) {
            dj.put("error", d.error());
          }
        }
      }
    }
    return out;
  }

  private JsonNode call(String target, ObjectNode body) {
    return LocalCalls.call(dispatcher, target, body);
  }

}
