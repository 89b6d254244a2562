package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Every account's event buses with their rules, targets, tags and resource-based policies, behind one
 * lock. A rule's schedule is (re)armed under the same lock as the change that calls for it, so a
 * firing never sees half a change. Views for answers are taken under the lock ({@code with...}).
 */
final class EventBusStore {
  static final int MAX_TARGETS_PER_RULE = 5;

  /**
   * An event bus of one account, with its tags, rules and the resource-based policy's statements
   * (PutPermission) by statement id.
   */
  record Bus(String account, String name, String arn, String description, Instant created,
      Map<String, String> tags, Map<String, Rule> rules, Map<String, ObjectNode> statements) {
    static Bus create(String account, String name, String arn, String description, Instant created) {
      return new Bus(account, name, arn, description, created, new LinkedHashMap<>(), new TreeMap<>(), new TreeMap<>());
    }
  }

  /** A rule of a bus: an event pattern or a schedule, and up to five targets. */
  static final class Rule {
    final String name;
    final Bus bus;
    final String arn;
    EventPattern pattern;
    ScheduleExpression schedule;
    String state;
    String description;
    String roleArn;
    final Map<String, String> tags = new LinkedHashMap<>();
    final Map<String, ObjectNode> targets = new LinkedHashMap<>();
    ClockScheduler.Timer timer;
    Instant scheduleStart;

    Rule(String name, Bus bus, String arn) {
      this.name = name;
      this.bus = bus;
      this.arn = arn;
    }

    boolean enabled() {
      return state.startsWith("ENABLED");
    }
  }

  /** A rule that matched an event, with its targets as they were then. */
  record Match(String ruleArn, String ruleName, List<ObjectNode> targets) {}

  /** Whether a bus takes an event another bus's rule forwards to it. */
  enum Admission {
    ADMITTED,
    NO_SUCH_BUS,
    NOT_ALLOWED
  }

  private final LocalClock clock;
  private final String region;
  private final Object lock = new Object();
  private final Map<String, Bus> buses = new TreeMap<>();
  private final RuleScheduling schedules;
  private final Function<String, Optional<String>> organizationOf;
  private volatile int rulesPerBus = EventsService.DEFAULT_RULES_PER_BUS;

  /**
   * @param scheduler runs scheduled rules' timers
   * @param firing what a scheduled rule's firing does
   * @param organizationOf an account's organization, for bus policies' {@code aws:PrincipalOrgID}
   */
  EventBusStore(LocalClock clock, String region, ClockScheduler scheduler, RuleScheduling.Firing firing,
      Function<String, Optional<String>> organizationOf) {
    this.clock = clock;
    this.region = region;
    this.schedules = new RuleScheduling(clock, scheduler, lock, firing);
    this.organizationOf = organizationOf;
    String account = EventsService.ACCOUNT_ID;
    buses.put(key(account, "default"), Bus.create(account, "default", busArn(account, "default"), null, clock.instant()));
  }

  void rulesPerBus(int limit) {
    rulesPerBus = limit;
  }

  int rulesPerBus() {
    return rulesPerBus;
  }

  // ================================================================ names

  static String key(String account, String name) {
    return account + "/" + name;
  }

  /** A bus named by name or ARN; absent means the default bus. */
  static String busName(String nameOrArn) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      return "default";
    }
    int i = nameOrArn.indexOf(":event-bus/");
    return nameOrArn.startsWith("arn:") && i >= 0 ? nameOrArn.substring(i + ":event-bus/".length()) : nameOrArn;
  }

  /** The bus key of a name or ARN: the ARN's account, else the caller's. */
  static String busKey(String caller, String nameOrArn) {
    String account = nameOrArn != null && nameOrArn.startsWith("arn:") ? nameOrArn.split(":")[4] : caller;
    return key(account, busName(nameOrArn));
  }

  String busArn(String account, String name) {
    return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
  }

  private String ruleArn(String account, String bus, String name) {
    return "arn:aws:events:" + region + ":" + account + ":rule/"
        + (bus.equals("default") ? name : bus + "/" + name);
  }

  /** The bus of a key; every account has its default bus. Call holding the lock. */
  private Bus lookup(String key) {
    Bus bus = buses.get(key);
    if (bus == null && key.endsWith("/default")) {
      String account = key.substring(0, key.indexOf('/'));
      bus = Bus.create(account, "default", busArn(account, "default"), null, clock.instant());
      buses.put(key, bus);
    }
    return bus;
  }

  /** Call holding the lock. */
  private Bus bus(String caller, String nameOrArn) {
    Bus bus = lookup(busKey(caller, nameOrArn));
    if (bus == null) {
      throw new EventsException("ResourceNotFoundException", "Event bus " + busName(nameOrArn) + " does not exist.");
    }
    return bus;
  }

  /** Call holding the lock. */
  private static Rule rule(Bus bus, String name) {
    Rule rule = bus.rules().get(name);
    if (rule == null) {
      throw new EventsException(
          "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus.name() + ".");
    }
    return rule;
  }

  // ================================================================ buses

  /** Creates a bus of {@code account}; answers it. */
  <T> T createBus(String account, String name, String description, JsonNode tags, Function<Bus, T> view) {
    synchronized (lock) {
      if (buses.containsKey(key(account, name))) {
        throw new EventsException("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
      }
      Bus bus = Bus.create(account, name, busArn(account, name), description, clock.instant());
      tags(tags, bus.tags());
      buses.put(key(account, name), bus);
      return view.apply(bus);
    }
  }

  /** Deletes a bus and stops its rules' schedules; a bus that does not exist is no error. */
  void deleteBus(String caller, String nameOrArn) {
    synchronized (lock) {
      Bus bus = buses.remove(busKey(caller, nameOrArn));
      if (bus != null) {
        bus.rules().values().forEach(schedules::disarm);
      }
    }
  }

  /** A view of one bus, taken under the lock. */
  <T> T withBus(String caller, String nameOrArn, Function<Bus, T> view) {
    synchronized (lock) {
      return view.apply(bus(caller, nameOrArn));
    }
  }

  /** A view of an account's buses (its default bus always among them), taken under the lock. */
  <T> T withBuses(String account, Function<List<Bus>, T> view) {
    synchronized (lock) {
      lookup(key(account, "default"));
      return view.apply(buses.values().stream().filter(b -> b.account().equals(account)).toList());
    }
  }

  // ================================================================ rules

  /** What PutRule asks for; {@code pattern} or {@code schedule} may be null, not both. */
  record RuleSpec(String name, EventPattern pattern, String schedule, String state, String description,
      String roleArn, JsonNode tags) {}

  /** Creates or updates a rule; answers its ARN. */
  String putRule(String caller, String busNameOrArn, RuleSpec spec) {
    synchronized (lock) {
      Bus bus = bus(caller, busNameOrArn);
      ScheduleExpression schedule = null;
      if (spec.schedule() != null) {
        if (!bus.name().equals("default")) {
          throw EventsException.validation("ScheduleExpression is supported only on the default event bus.");
        }
        try {
          schedule = ScheduleExpression.parse(spec.schedule());
        } catch (IllegalArgumentException e) {
          throw EventsException.validation(e.getMessage());
        }
      }
      Rule rule = bus.rules().get(spec.name());
      if (rule == null && bus.rules().size() >= rulesPerBus) {
        throw EventsException.limitExceeded();
      }
      if (rule == null) {
        rule = new Rule(spec.name(), bus, ruleArn(bus.account(), bus.name(), spec.name()));
        tags(spec.tags(), rule.tags);
        bus.rules().put(spec.name(), rule);
      }
      rule.pattern = spec.pattern();
      rule.schedule = schedule;
      rule.state = spec.state();
      rule.description = spec.description();
      rule.roleArn = spec.roleArn();
      schedules.rearm(rule);
      return rule.arn;
    }
  }

  /** A view of one rule, taken under the lock. */
  <T> T withRule(String caller, String busNameOrArn, String name, Function<Rule, T> view) {
    synchronized (lock) {
      return view.apply(rule(bus(caller, busNameOrArn), name));
    }
  }

  /** Enables or disables a rule; its schedule starts or stops at once. */
  void setRuleState(String caller, String busNameOrArn, String name, String state) {
    synchronized (lock) {
      Rule rule = rule(bus(caller, busNameOrArn), name);
      if (!rule.state.equals(state) && !(state.equals("ENABLED") && rule.enabled())) {
        rule.state = state;
        schedules.rearm(rule);
      }
    }
  }

  /** Deletes a rule; one that does not exist is no error, one with targets only when forced. */
  void deleteRule(String caller, String busNameOrArn, String name, boolean force) {
    synchronized (lock) {
      Bus bus = bus(caller, busNameOrArn);
      Rule rule = bus.rules().get(name);
      if (rule == null) {
        return;
      }
      if (!rule.targets.isEmpty() && !force) {
        throw EventsException.validation("Rule can't be deleted since it has targets.");
      }
      schedules.disarm(rule);
      bus.rules().remove(name);
    }
  }

  // ================================================================ targets

  /** Adds or replaces targets of a rule, by id, within the limit of targets per rule. */
  void putTargets(String caller, String busNameOrArn, String ruleName, Map<String, ObjectNode> targets) {
    synchronized (lock) {
      Rule rule = rule(bus(caller, busNameOrArn), ruleName);
      long total = rule.targets.keySet().stream().filter(k -> !targets.containsKey(k)).count() + targets.size();
      if (total > MAX_TARGETS_PER_RULE) {
        throw EventsException.limitExceeded();
      }
      rule.targets.putAll(targets);
    }
  }

  /** Removes targets of a rule by id; answers the ids it did not have. */
  List<String> removeTargets(String caller, String busNameOrArn, String ruleName, List<String> ids) {
    synchronized (lock) {
      Rule rule = rule(bus(caller, busNameOrArn), ruleName);
      List<String> missing = new ArrayList<>();
      for (String id : ids) {
        if (rule.targets.remove(id) == null) {
          missing.add(id);
        }
      }
      return missing;
    }
  }

  // ================================================================ events

  /**
   * The enabled pattern rules of a bus that match an event, or empty when the bus does not exist
   * (EventBridge accepts events for such a bus and drops them).
   */
  Optional<List<Match>> matching(String busKey, JsonNode event) {
    List<Match> matches = new ArrayList<>();
    synchronized (lock) {
      Bus bus = lookup(busKey);
      if (bus == null) {
        return Optional.empty();
      }
      for (Rule rule : bus.rules().values()) {
        if (rule.enabled() && rule.pattern != null && rule.pattern.matches(event)) {
          matches.add(new Match(rule.arn, rule.name, List.copyOf(rule.targets.values())));
        }
      }
    }
    return Optional.of(matches);
  }

  /**
   * Whether a bus takes events from {@code sender}: always from its own account, from another only
   * when its resource-based policy allows that account.
   */
  Admission admits(String busAccount, String busName, String sender) {
    synchronized (lock) {
      Bus receiver = lookup(key(busAccount, busName));
      if (receiver == null) {
        return Admission.NO_SUCH_BUS;
      }
      return busAccount.equals(sender) || allowsPutEvents(receiver, sender) ? Admission.ADMITTED : Admission.NOT_ALLOWED;
    }
  }

  // ================================================================ bus policy

  /** Replaces a bus's whole policy with these statements. */
  void putPolicy(String caller, String busNameOrArn, JsonNode statements) {
    synchronized (lock) {
      Bus bus = bus(caller, busNameOrArn);
      bus.statements().clear();
      int n = 0;
      for (JsonNode st : statements) {
        bus.statements().put(st.path("Sid").asText("statement-" + n++), (ObjectNode) st.deepCopy());
      }
    }
  }

  /** Adds or replaces one statement of a bus's policy, built from the bus's ARN. */
  void putStatement(String caller, String busNameOrArn, String sid, Function<String, ObjectNode> statement) {
    synchronized (lock) {
      Bus bus = bus(caller, busNameOrArn);
      bus.statements().put(sid, statement.apply(bus.arn()));
    }
  }

  /** Removes one statement of a bus's policy ({@code sid} is asked for after the bus is found), or all. */
  void removePermission(String caller, String busNameOrArn, boolean all, Supplier<String> sid) {
    synchronized (lock) {
      Bus bus = bus(caller, busNameOrArn);
      if (all) {
        bus.statements().clear();
      } else if (bus.statements().remove(sid.get()) == null) {
        throw new EventsException("ResourceNotFoundException", "Statement with the provided id does not exist.");
      }
    }
  }

  /**
   * Whether a bus's policy lets {@code account} put events: an Allow statement for events:PutEvents
   * whose principal is that account (its id or root ARN) or "*", with an {@code aws:PrincipalOrgID}
   * condition, if any, naming the account's organization.
   */
  private boolean allowsPutEvents(Bus bus, String account) {
    for (JsonNode st : bus.statements().values()) {
      if (!"Allow".equals(st.path("Effect").asText())) {
        continue;
      }
      JsonNode actions = st.path("Action");
      boolean putEvents = actions.isArray()
          ? StreamSupport.stream(actions.spliterator(), false).anyMatch(a -> a.asText().equals("events:PutEvents"))
          : actions.asText().equals("events:PutEvents");
      if (!putEvents) {
        continue;
      }
      JsonNode principal = st.path("Principal");
      JsonNode aws = principal.isObject() ? principal.path("AWS") : principal;
      List<String> principals = new ArrayList<>();
      if (aws.isArray()) {
        aws.forEach(p -> principals.add(p.asText()));
      } else {
        principals.add(aws.asText());
      }
      boolean named = principals.stream().anyMatch(p ->
          p.equals("*") || p.equals(account) || p.equals("arn:aws:iam::" + account + ":root"));
      if (!named) {
        continue;
      }
      JsonNode orgCondition = st.path("Condition").path("StringEquals").path("aws:PrincipalOrgID");
      if (!orgCondition.isMissingNode()
          && !organizationOf.apply(account).map(org -> org.equals(orgCondition.asText())).orElse(false)) {
        continue;
      }
      return true;
    }
    return false;
  }

  // ================================================================ tags

  private static void tags(JsonNode tags, Map<String, String> into) {
    for (JsonNode tag : tags) {
      into.put(tag.path("Key").asText(), tag.path("Value").asText());
    }
  }

  /** Reads or changes the tags of the rule or bus an ARN names, under the lock. */
  <T> T withTags(String caller, String arn, Function<Map<String, String>, T> change) {
    synchronized (lock) {
      return change.apply(taggable(caller, arn));
    }
  }

  /** Adds tags given as AWS's {@code [{"Key", "Value"}]} to the rule or bus an ARN names. */
  void tag(String caller, String arn, JsonNode tags) {
    synchronized (lock) {
      tags(tags, taggable(caller, arn));
    }
  }

  /** The tag map of the rule or bus an ARN names. Call holding the lock. */
  private Map<String, String> taggable(String caller, String arn) {
    int rule = arn.indexOf(":rule/");
    if (rule >= 0) {
      String rest = arn.substring(rule + ":rule/".length());
      int slash = rest.lastIndexOf('/');
      String bus = slash < 0 ? "default" : rest.substring(0, slash);
      String name = slash < 0 ? rest : rest.substring(slash + 1);
      return rule(bus(caller, arn.substring(0, rule) + ":event-bus/" + bus), name).tags;
    }
    int bus = arn.indexOf(":event-bus/");
    if (bus >= 0) {
      return bus(caller, arn).tags;
    }
    throw EventsException.validation("Parameter " + arn + " is not valid. Reason: Provided Arn is not in correct format.");
  }
}
