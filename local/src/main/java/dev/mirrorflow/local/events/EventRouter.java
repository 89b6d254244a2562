package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.events.EventBusStore.Match;
import dev.mirrorflow.local.events.EventBusStore.Rule;
import dev.mirrorflow.local.events.RetryingDelivery.Attempt;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts events on buses: wraps them in EventBridge's envelope, matches them against the bus's enabled
 * pattern rules and starts a delivery to every target of every rule that matched. Scheduled rules'
 * firings and events forwarded to a bus target of another rule come here too.
 */
final class EventRouter implements RuleScheduling.Firing, RetryingDelivery.BusTarget {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventBusStore store;
  private final RetryingDelivery delivery;
  private final RecentEvents recent;
  private final RunningCounters counters;
  private final String region;

  EventRouter(EventBusStore store, RetryingDelivery delivery, RecentEvents recent, RunningCounters counters,
      String region) {
    this.store = store;
    this.delivery = delivery;
    this.recent = recent;
    this.counters = counters;
    this.region = region;
  }

  /** An event as EventBridge delivers it, with a new id. */
  ObjectNode envelope(
      String account, String detailType, String source, ArrayNode resources, JsonNode detail, Instant time) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", detailType);
    event.put("source", source);
    event.put("account", account);
    event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
    event.put("region", region);
    event.set("resources", resources);
    event.set("detail", detail);
    return event;
  }

  /** Matches an event against the enabled pattern rules of a bus and starts their deliveries. */
  void route(String busKey, ObjectNode event) {
    Optional<List<Match>> matched = store.matching(busKey, event);
    if (matched.isEmpty()) {
      return;
    }
    List<Match> matches = matched.get();
    recent.routed(busKey.substring(busKey.indexOf('/') + 1), event, matches.stream().map(Match::ruleName).toList(), false);
    for (Match match : matches) {
      counters.ruleMatches.incrementAndGet();
      for (ObjectNode target : match.targets()) {
        delivery.deliver(match.ruleArn(), match.ruleName(), target, event);
      }
    }
  }

  @Override
  public void fire(Rule rule, Instant due, List<ObjectNode> targets) {
    ObjectNode event = envelope(rule.bus.account(),
        "Scheduled Event", "aws.events", JSON.createArrayNode().add(rule.arn), JSON.createObjectNode(), due);
    counters.scheduledEvents.incrementAndGet();
    counters.ruleMatches.incrementAndGet();
    recent.routed(rule.bus.name(), event, List.of(rule.name), true);
    for (ObjectNode target : targets) {
      delivery.deliver(rule.arn, rule.name, target, event);
    }
  }

  @Override
  public Attempt forward(String busAccount, String busName, String senderAccount, ObjectNode event) {
    switch (store.admits(busAccount, busName, senderAccount)) {
      case NO_SUCH_BUS:
        return Attempt.notFound("Event bus " + busName + " does not exist.");
      case NOT_ALLOWED:
        // A bus receives another account's events only when its resource-based policy allows that account.
        return new Attempt("NO_PERMISSIONS", "the policy of event bus " + store.busArn(busAccount, busName)
            + " does not allow events:PutEvents from account " + senderAccount, false);
      default:
        counters.eventsPut.incrementAndGet();
        route(EventBusStore.key(busAccount, busName), event);
        return Attempt.OK;
    }
  }
}
