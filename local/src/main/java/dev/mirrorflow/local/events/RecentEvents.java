package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.http.LocalResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@value #CAPACITY} events the local EventBridge routed (put on a bus, or fired by a
 * schedule rule), each with the rules it matched and how each delivery ended: what the local
 * console's events page shows. Older events are forgotten; nothing of it exists on AWS.
 */
public final class RecentEvents {
  /** How many events are kept. */
  public static final int CAPACITY = 200;

  /**
   * One rule that matched an event, and its deliveries so far.
   *
   * @param rule the rule's name
   * @param deliveries one per target whose delivery has ended
   */
  public record Match(String rule, List<Delivery> deliveries) {}

  /**
   * How the delivery of the event to one target ended.
   *
   * @param targetId the target's id in the rule
   * @param targetArn the target
   * @param status DELIVERED, DEAD_LETTERED or DROPPED
   * @param executionArn the execution it started, when the target is a state machine and it did
   * @param error the last error code, when not delivered
   */
  public record Delivery(String targetId, String targetArn, String status, String executionArn, String error) {}

  /**
   * One routed event.
   *
   * @param sequence its place in the log, ascending
   * @param bus the bus it was routed on
   * @param event the event as targets see it (id, source, detail-type, time, detail, ...)
   * @param scheduled whether a schedule rule fired it
   * @param matches the rules that matched
   */
  public record Entry(long sequence, String bus, JsonNode event, boolean scheduled, List<Match> matches) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long sequence;

  /** Records an event routed on {@code bus} that matched {@code rules} (possibly none). */
  synchronized void routed(String bus, JsonNode event, List<String> rules, boolean scheduled) {
    List<Match> matches = new ArrayList<>();
    rules.forEach(r -> matches.add(new Match(r, new ArrayList<>())));
    sequence++;
    entries.put(event.path("id").asText() + "@" + bus + "#" + sequence,
        new Entry(sequence, bus, event.deepCopy(), scheduled, matches));
    if (entries.size() > CAPACITY) {
      Iterator<String> oldest = entries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Records how the delivery of event {@code eventId} by {@code rule} to one target ended. */
  synchronized void delivered(String eventId, String rule, Delivery delivery) {
    for (Entry e : entries.values()) {
      if (e.event().path("id").asText().equals(eventId)) {
        for (Match m : e.matches()) {
          if (m.rule().equals(rule)) {
            m.deliveries().add(delivery);
            return;
          }
        }
      }
    }
  }

  /** The execution a successful StartExecution answer names, or null. */
  static String executionArn(LocalResponse startExecution) {
    if (startExecution.status() != 200) {
      return null;
    }
    try {
      return JSON.readTree(startExecution.body()).path("executionArn").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** The events kept, newest first (copies). */
  public synchronized List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      List<Match> matches = e.matches().stream().map(m -> new Match(m.rule(), List.copyOf(m.deliveries()))).toList();
      out.add(0, new Entry(e.sequence(), e.bus(), e.event(), e.scheduled(), matches));
    }
    return out;
  }
}
