package dev.mirrorflow.local.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.Patterns;

/**
 * An EventBridge event pattern, compiled by Event Ruler, the open-source engine EventBridge itself
 * matches with: every operator EventBridge documents for event buses ({@code prefix}, {@code
 * suffix}, {@code equals-ignore-case}, {@code wildcard}, {@code anything-but}, {@code numeric},
 * {@code exists}, {@code cidr}, {@code $or}) and its array-consistent matching (fields that sit in
 * objects of different elements of one array are never combined).
 *
 * <p>Each pattern is compiled once into a {@link Machine} of its own, holding that one rule: a rule
 * is compiled when it is put and matched against every event routed to its bus, and the machine is
 * safe to match from several threads at once. ({@code Ruler.matchesRule} would compile the pattern
 * anew for every event.)
 */
public final class EventPattern {
  private static final String RULE = "rule";

  private final String source;
  private final Machine machine;

  private EventPattern(String source, Machine machine) {
    this.source = source;
    this.machine = machine;
  }

  /**
   * Parses and validates a pattern.
   *
   * @throws InvalidEventPatternException if EventBridge would refuse it, with Event Ruler's reason
   */
  public static EventPattern parse(String json) {
    Machine machine = Machine.builder().build();
    try {
      // JsonRuleCompiler is the compiler that knows $or; Machine#addRule(String, String) would fall
      // back to the older one on any error and answer that one's reason instead.
      List<Map<String, List<Patterns>>> branches = JsonRuleCompiler.compile(json);
      branches.forEach(branch -> machine.addPatternRule(RULE, branch));
    } catch (JsonParseException e) {
      throw new InvalidEventPatternException(e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      // Some of Ruler's checks (CIDR, wildcard syntax) throw unchecked exceptions with the reason.
      throw new InvalidEventPatternException(Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
    return new EventPattern(json, machine);
  }

  /** The pattern as it was given. */
  public String source() {
    return source;
  }

  /** Whether the event (a full EventBridge event envelope, or any JSON object) matches. */
  public boolean matches(JsonNode event) {
    return !machine.rulesForJSONEvent(event).isEmpty();
  }

  @Override
  public String toString() {
    return source;
  }
}
