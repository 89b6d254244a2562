package dev.mirrorflow.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The local Amazon EventBridge, in the AWS JSON 1.1 protocol ({@code X-Amz-Target:
 * AWSEvents.<Operation>}): event buses, rules with event patterns or schedules, targets with
 * input transformation, retry policies and dead-letter queues, PutEvents, TestEventPattern and tags.
 *
 * <p>Targets are reached through the {@link AwsDispatcher}: a state machine ARN starts an execution
 * ({@code AWSStepFunctions.StartExecution}), a Lambda function ARN is invoked asynchronously
 * ({@code POST /2015-03-31/functions/NAME/invocations}, {@code X-Amz-Invocation-Type: Event}), an
 * event bus ARN receives the event. Deliveries run on their own threads; a failed one (a non-2xx
 * answer) is retried with exponential backoff on the local clock within the target's
 * {@code RetryPolicy}, then handed to its {@code DeadLetterConfig}: the local cloud has no SQS, so
 * dead letters are kept in memory ({@link #deadLetters()}, {@code GET
 * /_mirrorflow/events/dead-letters}). Scheduled rules fire on the local clock. {@link
 * #awaitIdle(Duration)} returns once every delivery under way, retries included, has ended.
 *
 * <pre>{@code
 * LocalServer server = LocalServer.create(0);
 * EventsService events = new EventsService(clock, server);
 * server.register(events).start();
 * }</pre>
 */
public final class EventsService implements ServiceHandler, AutoCloseable {
  /** The local cloud's account. */
  public static final String ACCOUNT_ID = "000000000000";
  /** The path of the admin route listing dead letters. */
  public static final String DEAD_LETTERS_PATH = "/_mirrorflow/events/dead-letters";
  /** The path of the admin route showing the counters. */
  public static final String COUNTERS_PATH = "/_mirrorflow/events/counters";

  private static final String TARGET_PREFIX = "AWSEvents.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RULE_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]+");
  private static final Pattern BUS_NAME = Pattern.compile("[/\\.\\-_A-Za-z0-9]+");
  private static final int MAX_TARGETS_PER_RULE = 5;
  /** PutTargets: a target's Input is at most 8,192 characters (API reference, Target). */
  static final int MAX_TARGET_INPUT = 8_192;
  /** PutRule: at most 64 characters (API reference, PutRule). */
  static final int MAX_RULE_NAME = 64;
  /** Rules per event bus: 300 by default in most Regions, adjustable (EventBridge quotas). */
  public static final int DEFAULT_RULES_PER_BUS = 300;
  private static final List<String> ROLE_REQUIRED =
      List.of("states", "kinesis", "ecs", "ec2", "codebuild", "codepipeline", "ssm", "batch");
  private static final int MAX_ENTRIES = 10;
  private static final int MAX_REQUEST_BYTES = 256 * 1024;
  private static final int DEFAULT_RETRY_ATTEMPTS = 185;
  private static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final LocalClock clock;
  private final AwsDispatcher dispatcher;
  private final String region;
  private final Object lock = new Object();
  private final Map<String, Bus> buses = new TreeMap<>();
  private final Map<String, List<DeadLetter>> deadLetters = new LinkedHashMap<>();
  private final ExecutorService executor;
  private final ClockScheduler scheduler;

  private final Object idle = new Object();
  private int inFlight;
  private final List<Consumer<DeliveryOutcome>> listeners = new CopyOnWriteArrayList<>();
  private final RecentEvents recent = new RecentEvents();

  private final AtomicLong eventsPut = new AtomicLong();
  private final AtomicLong eventsRejected = new AtomicLong();
  private final AtomicLong scheduledEvents = new AtomicLong();
  private final AtomicLong ruleMatches = new AtomicLong();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong deliveryFailures = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile int rulesPerBus = DEFAULT_RULES_PER_BUS;
  private volatile Function<LocalRequest, String> callerAccount = r -> ACCOUNT_ID;
  private volatile Function<String, Optional<String>> organizationOf = a -> Optional.empty();
  /** The account of the request being served (requests are served on their own threads). */
  private final ThreadLocal<String> caller = ThreadLocal.withInitial(() -> ACCOUNT_ID);

  /** A local EventBridge in {@code us-east-1}. */
  public EventsService(LocalClock clock, AwsDispatcher dispatcher) {
    this(clock, dispatcher, "us-east-1");
  }

  /**
   * A local EventBridge.
   *
   * @param clock the local cloud's clock: schedules, retries and event times use it
   * @param dispatcher how targets are reached (normally the {@code LocalServer})
   * @param region the region in ARNs and events
   */
  public EventsService(LocalClock clock, AwsDispatcher dispatcher, String region) {
    this.clock = clock;
    this.dispatcher = dispatcher;
    this.region = region;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "local-events-delivery-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.scheduler = new ClockScheduler(clock, executor, "local-events-scheduler");
    Instant now = clock.instant();
    buses.put(key(ACCOUNT_ID, "default"), new Bus(ACCOUNT_ID, "default", busArn(ACCOUNT_ID, "default"), null, now));
  }

  /**
   * Serves each request in its caller's account ({@code callerAccount}: the account of a request's
   * credentials); {@code organizationOf} answers an account's organization for bus policies'
   * {@code aws:PrincipalOrgID} conditions.
   */
  public EventsService accounts(Function<LocalRequest, String> callerAccount,
      Function<String, Optional<String>> organizationOf) {
    this.callerAccount = callerAccount;
    this.organizationOf = organizationOf;
    return this;
  }

  /** The bus of a key; every account has its default bus. Call holding the lock. */
  private Bus lookup(String key) {
    Bus bus = buses.get(key);
    if (bus == null && key.endsWith("/default")) {
      String account = key.substring(0, key.indexOf('/'));
      bus = new Bus(account, "default", busArn(account, "default"), null, clock.instant());
      buses.put(key, bus);
    }
    return bus;
  }

  private static String key(String account, String name) {
    return account + "/" + name;
  }

  /** The bus key of a name or ARN: the ARN's account, else the caller's. */
  private String busKey(String nameOrArn) {
    String account = nameOrArn != null && nameOrArn.startsWith("arn:") ? nameOrArn.split(":")[4] : caller.get();
    return key(account, busName(nameOrArn));
  }

  // ================================================================ Java API

  /**
   * Knob: how many rules one event bus may hold (the account's quota, 300 by default); a PutRule that
   * would create one more fails with {@code LimitExceededException}. Updating an existing rule is
   * never refused.
   */
  public void rulesPerBus(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("rules per bus must be at least 1, got " + limit);
    }
    rulesPerBus = limit;
  }

  public int rulesPerBus() {
    return rulesPerBus;
  }

  /** The counters so far. */
  public EventsCounters counters() {
    return new EventsCounters(
        eventsPut.get(),
        eventsRejected.get(),
        scheduledEvents.get(),
        ruleMatches.get(),
        deliveries.get(),
        deliveryFailures.get(),
        retries.get(),
        deadLettered.get(),
        dropped.get());
  }

  /** The last events routed, with the rules they matched and what their deliveries started. */
  public RecentEvents recentEvents() {
    return recent;
  }

  /** Every dead letter so far, by dead-letter queue ARN. */
  public Map<String, List<DeadLetter>> deadLetters() {
    synchronized (lock) {
      Map<String, List<DeadLetter>> copy = new LinkedHashMap<>();
      deadLetters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return Collections.unmodifiableMap(copy);
    }
  }

  /** The dead letters sent to one queue, oldest first. */
  public List<DeadLetter> deadLetters(String deadLetterArn) {
    synchronized (lock) {
      return List.copyOf(deadLetters.getOrDefault(deadLetterArn, List.of()));
    }
  }

  /**
   * Waits until no delivery is under way (including retries waiting for their backoff on the
   * clock). Scheduled rules that have not fired yet do not count.
   *
   * @param timeout real time to wait at most
   * @return true when idle, false when the timeout passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, remaining);
      }
      return true;
    }
  }

  /**
   * Calls {@code listener} on a delivery thread each time the delivery of an event to a target ends
   * (delivered, dead-lettered or dropped), before {@link #awaitIdle} can return for it. Tests use it
   * to wait for a particular delivery, for example the first firing of a schedule.
   */
  public void addDeliveryListener(Consumer<DeliveryOutcome> listener) {
    listeners.add(listener);
  }

  /** Removes a listener added with {@link #addDeliveryListener}. */
  public void removeDeliveryListener(Consumer<DeliveryOutcome> listener) {
    listeners.remove(listener);
  }

  /** The number of deliveries under way, retries waiting for their backoff included. */
  public int deliveriesInFlight() {
    synchronized (idle) {
      return inFlight;
    }
  }

  /** Stops the scheduler and the delivery threads; deliveries under way are abandoned. */
  @Override
  public void close() {
    scheduler.close();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (idle) {
      inFlight = 0;
      idle.notifyAll();
    }
  }

  // ================================================================ HTTP

  @Override
  public boolean accepts(LocalRequest request) {
    String target = request.header("x-amz-target");
    if (target != null) {
      return target.startsWith(TARGET_PREFIX);
    }
    return request.path().startsWith("/_mirrorflow/events/");
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    String target = request.header("x-amz-target");
    if (target == null) {
      return admin(request);
    }
    String operation = target.substring(TARGET_PREFIX.length());
    caller.set(callerAccount.apply(request));
    try {
      JsonNode body = request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
      if (body == null || !body.isObject()) {
        throw new EventsException("SerializationException", "the request body must be a JSON object");
      }
      ObjectNode result = operation(operation, (ObjectNode) body);
      return response(200, result);
    } catch (EventsException e) {
      return error(e.type, e.getMessage());
    } catch (InvalidEventPatternException e) {
      return error("InvalidEventPatternException", e.getMessage());
    } catch (java.io.IOException e) {
      return error("SerializationException", "the request body is not JSON: " + e.getMessage());
    } finally {
      caller.remove();
    }
  }

  private ObjectNode operation(String operation, ObjectNode in) {
    return switch (operation) {
      case "CreateEventBus" -> createEventBus(in);
      case "DeleteEventBus" -> deleteEventBus(in);
      case "DescribeEventBus" -> describeEventBus(in);
      case "ListEventBuses" -> listEventBuses(in);
      case "PutRule" -> putRule(in);
      case "DescribeRule" -> describeRule(in);
      case "ListRules" -> listRules(in);
      case "EnableRule" -> setRuleState(in, "ENABLED");
      case "DisableRule" -> setRuleState(in, "DISABLED");
      case "DeleteRule" -> deleteRule(in);
      case "PutTargets" -> putTargets(in);
      case "RemoveTargets" -> removeTargets(in);
      case "ListTargetsByRule" -> listTargetsByRule(in);
      case "ListRuleNamesByTarget" -> listRuleNamesByTarget(in);
      case "PutEvents" -> putEvents(in);
      case "TestEventPattern" -> testEventPattern(in);
      case "TagResource" -> tagResource(in);
      case "UntagResource" -> untagResource(in);
      case "ListTagsForResource" -> listTagsForResource(in);
      case "PutPermission" -> putPermission(in);
      case "RemovePermission" -> removePermission(in);
      default -> throw new EventsException(
          "UnknownOperationException", "the local EventBridge does not implement " + operation);
    };
  }

  private LocalResponse admin(LocalRequest request) {
    if (!request.method().equals("GET")) {
      return error("ValidationException", "only GET is served on " + request.path());
    }
    ObjectNode out = JSON.createObjectNode();
    if (request.path().equals(DEAD_LETTERS_PATH)) {
      String only = request.queryParameters().get("arn");
      ObjectNode byArn = out.putObject("DeadLetters");
      deadLetters().forEach(
          (arn, letters) -> {
            if (only != null && !only.equals(arn)) {
              return;
            }
            ArrayNode list = byArn.putArray(arn);
            for (DeadLetter letter : letters) {
              ObjectNode l = list.addObject();
              l.put("Body", letter.body());
              l.put("Input", letter.input());
              l.put("At", letter.at().toString());
              ObjectNode attrs = l.putObject("Attributes");
              letter.attributes().forEach(attrs::put);
            }
          });
      return response(200, out);
    }
    if (request.path().equals(COUNTERS_PATH)) {
      return response(200, JSON.valueToTree(counters()));
    }
    return error("ResourceNotFoundException", "no admin route " + request.path()
        + "; try " + DEAD_LETTERS_PATH + " or " + COUNTERS_PATH);
  }

  private static LocalResponse response(int status, JsonNode body) {
    return new LocalResponse(status, CONTENT_TYPE, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static LocalResponse error(String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
    return response(400, body).withHeader("x-amzn-ErrorType", type);
  }

  /** An error answered to the caller as AWS shapes it. */
  private static final class EventsException extends RuntimeException {
    final String type;

    EventsException(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private static EventsException validation(String message) {
    return new EventsException("ValidationException", message);
  }

  private static String abbreviated(String value) {
    return value.length() <= 100 ? value : value.substring(0, 100) + "...";
  }

  private static EventsException constraint(String value, String field, String constraint) {
    return validation(
        "1 validation error detected: Value '" + value + "' at '" + field
            + "' failed to satisfy constraint: " + constraint);
  }

  // ================================================================ model

  private static final class Bus {
    final String account;
    final String name;
    final String arn;
    final String description;
    final Instant created;
    final Map<String, String> tags = new LinkedHashMap<>();
    final Map<String, Rule> rules = new TreeMap<>();
    /** The resource-based policy's statements (PutPermission), by statement id. */
    final Map<String, ObjectNode> statements = new TreeMap<>();

    Bus(String account, String name, String arn, String description, Instant created) {
      this.account = account;
      this.name = name;
      this.arn = arn;
      this.description = description;
      this.created = created;
    }
  }

  private static final class Rule {
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

  private String busArn(String account, String name) {
    return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
  }

  private String ruleArn(String account, String bus, String name) {
    return "arn:aws:events:" + region + ":" + account + ":rule/"
        + (bus.equals("default") ? name : bus + "/" + name);
  }

  private static String text(JsonNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String required(JsonNode in, String field, String member) {
    String v = text(in, field);
    if (v == null) {
      throw validation(
          "1 validation error detected: Value null at '" + member
              + "' failed to satisfy constraint: Member must not be null");
    }
    return v;
  }

  /** A bus named by name or ARN; absent means the default bus. */
  private static String busName(String nameOrArn) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      return "default";
    }
    int i = nameOrArn.indexOf(":event-bus/");
    return nameOrArn.startsWith("arn:") && i >= 0 ? nameOrArn.substring(i + ":event-bus/".length()) : nameOrArn;
  }

  private Bus bus(String nameOrArn) {
    String name = busName(nameOrArn);
    Bus bus = lookup(busKey(nameOrArn));
    if (bus == null) {
      throw new EventsException("ResourceNotFoundException", "Event bus " + name + " does not exist.");
    }
    return bus;
  }

  private Rule rule(Bus bus, String name) {
    Rule rule = bus.rules.get(name);
    if (rule == null) {
      throw new EventsException(
          "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus.name + ".");
    }
    return rule;
  }

  private static double epochSeconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  // ================================================================ buses

  private ObjectNode createEventBus(ObjectNode in) {
    String name = required(in, "Name", "name");
    if (name.length() > 256) {
      throw constraint(name, "name", "Member must have length less than or equal to 256");
    }
    if (!BUS_NAME.matcher(name).matches()) {
      throw constraint(name, "name", "Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
    }
    if (name.startsWith("aws.") && text(in, "EventSourceName") == null) {
      throw validation("Event bus name must not start with 'aws.' unless it is a partner event source's bus.");
    }
    if (name.contains("/") && !name.startsWith("aws.")) {
      throw validation("Event bus name must not contain '/'.");
    }
    synchronized (lock) {
      String account = caller.get();
      if (buses.containsKey(key(account, name))) {
        throw new EventsException("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
      }
      Bus bus = new Bus(account, name, busArn(account, name), text(in, "Description"), clock.instant());
      tags(in.path("Tags"), bus.tags);
      buses.put(key(account, name), bus);
      ObjectNode out = JSON.createObjectNode().put("EventBusArn", bus.arn);
      if (bus.description != null) {
        out.put("Description", bus.description);
      }
      return out;
    }
  }

  private ObjectNode deleteEventBus(ObjectNode in) {
    String name = busName(required(in, "Name", "name"));
    if (name.equals("default")) {
      throw validation("Cannot delete event bus default.");
    }
    synchronized (lock) {
      Bus bus = buses.remove(busKey(in.get("Name").asText()));
      if (bus != null) {
        bus.rules.values().forEach(this::disarm);
      }
    }
    return JSON.createObjectNode();
  }

  private ObjectNode describeEventBus(ObjectNode in) {
    synchronized (lock) {
      return busJson(bus(text(in, "Name")));
    }
  }

  private ObjectNode busJson(Bus bus) {
    ObjectNode out = JSON.createObjectNode().put("Name", bus.name).put("Arn", bus.arn);
    if (bus.description != null) {
      out.put("Description", bus.description);
    }
    if (!bus.statements.isEmpty()) {
      ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
      ArrayNode statements = policy.putArray("Statement");
      bus.statements.values().forEach(statements::add);
      out.put("Policy", policy.toString());
    }
    out.put("CreationTime", epochSeconds(bus.created));
    out.put("LastModifiedTime", epochSeconds(bus.created));
    return out;
  }

  private ObjectNode listEventBuses(ObjectNode in) {
    String prefix = Optional.ofNullable(text(in, "NamePrefix")).orElse("");
    synchronized (lock) {
      String account = caller.get();
      lookup(key(account, "default"));
      List<Bus> matching = buses.values().stream()
          .filter(b -> b.account.equals(account) && b.name.startsWith(prefix)).toList();
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("EventBuses");
      page(in, matching, b -> b.name, out).forEach(b -> list.add(busJson(b)));
      return out;
    }
  }

  /** One page of {@code items} (sorted by key) after the request's NextToken; sets the response's NextToken. */
  private static <T> List<T> page(
      ObjectNode in, List<T> items, java.util.function.Function<T, String> key, ObjectNode out) {
    int limit = in.hasNonNull("Limit") ? in.get("Limit").asInt() : 100;
    if (limit < 1 || limit > 100) {
      throw constraint(String.valueOf(limit), "limit", "Member must have value between 1 and 100");
    }
    String after = null;
    String token = text(in, "NextToken");
    if (token != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw validation("The NextToken provided is invalid.");
      }
    }
    int start = 0;
    if (after != null) {
      // Resume after the last item returned; if it has gone since, after where it would sort.
      start = items.size();
      for (int i = 0; i < items.size(); i++) {
        String k = key.apply(items.get(i));
        if (k.equals(after)) {
          start = i + 1;
          break;
        }
        if (k.compareTo(after) > 0 && start == items.size()) {
          start = i;
        }
      }
    }
    List<T> result = new ArrayList<>();
    for (T item : items.subList(Math.min(start, items.size()), items.size())) {
      if (result.size() == limit) {
        out.put(
            "NextToken",
            Base64.getUrlEncoder().encodeToString(key.apply(result.get(result.size() - 1)).getBytes(StandardCharsets.UTF_8)));
        break;
      }
      result.add(item);
    }
    return result;
  }

  // ================================================================ rules

  private ObjectNode putRule(ObjectNode in) {
    String name = required(in, "Name", "name");
    if (name.length() > MAX_RULE_NAME) {
      throw constraint(name, "name", "Member must have length less than or equal to " + MAX_RULE_NAME);
    }
    if (!RULE_NAME.matcher(name).matches()) {
      throw constraint(name, "name", "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
    }
    String patternText = text(in, "EventPattern");
    String scheduleText = text(in, "ScheduleExpression");
    if (patternText == null && scheduleText == null) {
      throw validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    }
    String state = Optional.ofNullable(text(in, "State")).orElse("ENABLED");
    if (!List.of("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS").contains(state)) {
      throw constraint(state, "state",
          "Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
    }
    EventPattern pattern = patternText == null ? null : EventPattern.parse(patternText);
    synchronized (lock) {
      Bus bus = bus(text(in, "EventBusName"));
      ScheduleExpression schedule = null;
      if (scheduleText != null) {
        if (!bus.name.equals("default")) {
          throw validation("ScheduleExpression is supported only on the default event bus.");
        }
        try {
          schedule = ScheduleExpression.parse(scheduleText);
        } catch (IllegalArgumentException e) {
          throw validation(e.getMessage());
        }
      }
      Rule rule = bus.rules.get(name);
      if (rule == null && bus.rules.size() >= rulesPerBus) {
        throw new EventsException("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
      }
      if (rule == null) {
        rule = new Rule(name, bus, ruleArn(bus.account, bus.name, name));
        tags(in.path("Tags"), rule.tags);
        bus.rules.put(name, rule);
      }
      rule.pattern = pattern;
      rule.schedule = schedule;
      rule.state = state;
      rule.description = text(in, "Description");
      rule.roleArn = text(in, "RoleArn");
      rearm(rule);
      return JSON.createObjectNode().put("RuleArn", rule.arn);
    }
  }

  private ObjectNode describeRule(ObjectNode in) {
    String name = required(in, "Name", "name");
    synchronized (lock) {
      Rule rule = rule(bus(text(in, "EventBusName")), name);
      ObjectNode out = ruleJson(rule);
      out.put("CreatedBy", caller.get());
      return out;
    }
  }

  private static ObjectNode ruleJson(Rule rule) {
    ObjectNode out = JSON.createObjectNode().put("Name", rule.name).put("Arn", rule.arn);
    if (rule.pattern != null) {
      out.put("EventPattern", rule.pattern.source());
    }
    if (rule.schedule != null) {
      out.put("ScheduleExpression", rule.schedule.expression());
    }
    out.put("State", rule.state);
    if (rule.description != null) {
      out.put("Description", rule.description);
    }
    if (rule.roleArn != null) {
      out.put("RoleArn", rule.roleArn);
    }
    out.put("EventBusName", rule.bus.name);
    return out;
  }

  private ObjectNode listRules(ObjectNode in) {
    String prefix = Optional.ofNullable(text(in, "NamePrefix")).orElse("");
    synchronized (lock) {
      Bus bus = bus(text(in, "EventBusName"));
      List<Rule> matching = bus.rules.values().stream().filter(r -> r.name.startsWith(prefix)).toList();
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("Rules");
      page(in, matching, r -> r.name, out).forEach(r -> list.add(ruleJson(r)));
      return out;
    }
  }

  private ObjectNode setRuleState(ObjectNode in, String state) {
    String name = required(in, "Name", "name");
    synchronized (lock) {
      Rule rule = rule(bus(text(in, "EventBusName")), name);
      if (!rule.state.equals(state) && !(state.equals("ENABLED") && rule.enabled())) {
        rule.state = state;
        rearm(rule);
      }
      return JSON.createObjectNode();
    }
  }

  private ObjectNode deleteRule(ObjectNode in) {
    String name = required(in, "Name", "name");
    synchronized (lock) {
      Bus bus = bus(text(in, "EventBusName"));
      Rule rule = bus.rules.get(name);
      if (rule == null) {
        return JSON.createObjectNode();
      }
      if (!rule.targets.isEmpty() && !in.path("Force").asBoolean(false)) {
        throw validation("Rule can't be deleted since it has targets.");
      }
      disarm(rule);
      bus.rules.remove(name);
      return JSON.createObjectNode();
    }
  }

  // ================================================================ schedules

  /** (Re)starts or stops a rule's schedule after any change; takes effect at once. */
  private void rearm(Rule rule) {
    disarm(rule);
    if (rule.schedule != null && rule.enabled()) {
      rule.scheduleStart = clock.instant();
      arm(rule, rule.scheduleStart);
    }
  }

  private void disarm(Rule rule) {
    if (rule.timer != null) {
      rule.timer.cancel();
      rule.timer = null;
    }
  }

  private void arm(Rule rule, Instant after) {
    Optional<Instant> next = rule.schedule.nextAfter(after, rule.scheduleStart);
    if (next.isEmpty()) {
      return;
    }
    ClockScheduler.Timer[] self = new ClockScheduler.Timer[1];
    self[0] = scheduler.schedule(next.get(), () -> fire(rule, self));
    rule.timer = self[0];
  }

  private void fire(Rule rule, ClockScheduler.Timer[] self) {
    List<ObjectNode> targets;
    Instant due;
    synchronized (lock) {
      ClockScheduler.Timer timer = self[0];
      // A rule changed, disabled or deleted since this timer was set has a new timer or none.
      if (timer == null || rule.timer != timer) {
        return;
      }
      due = timer.due();
      targets = List.copyOf(rule.targets.values());
      // Firings missed while the clock jumped forward (advance) are skipped, not replayed in a burst.
      Instant now = clock.instant();
      arm(rule, now.isAfter(due) ? now : due);
    }
    ObjectNode event = envelope(rule.bus.account,
        "Scheduled Event", "aws.events", JSON.createArrayNode().add(rule.arn), JSON.createObjectNode(), due);
    scheduledEvents.incrementAndGet();
    ruleMatches.incrementAndGet();
    recent.routed(rule.bus.name, event, List.of(rule.name), true);
    for (ObjectNode target : targets) {
      deliver(rule.arn, rule.name, target, event);
    }
  }

  // ================================================================ targets

  private ObjectNode putTargets(ObjectNode in) {
    String ruleName = required(in, "Rule", "rule");
    JsonNode targets = in.path("Targets");
    if (!targets.isArray() || targets.isEmpty() || targets.size() > 10) {
      throw constraint(String.valueOf(targets.size()), "targets",
          "Member must have length less than or equal to 10 and greater than or equal to 1");
    }
    for (int i = 0; i < targets.size(); i++) {
      JsonNode t = targets.get(i);
      String id = text(t, "Id");
      String member = "targets." + (i + 1) + ".member.";
      if (id == null) {
        throw constraint("null", member + "id", "Member must not be null");
      }
      if (id.length() > 64) {
        throw constraint(id, member + "id", "Member must have length less than or equal to 64");
      }
      if (!RULE_NAME.matcher(id).matches()) {
        throw constraint(id, member + "id", "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
      }
      if (text(t, "Arn") == null) {
        throw constraint("null", member + "arn", "Member must not be null");
      }
      JsonNode retry = t.path("RetryPolicy");
      if (retry.has("MaximumRetryAttempts")) {
        int v = retry.get("MaximumRetryAttempts").asInt();
        if (v < 0 || v > 185) {
          throw constraint(String.valueOf(v), member + "retryPolicy.maximumRetryAttempts",
              "Member must have value between 0 and 185");
        }
      }
      if (retry.has("MaximumEventAgeInSeconds")) {
        int v = retry.get("MaximumEventAgeInSeconds").asInt();
        if (v < 60 || v > 86_400) {
          throw constraint(String.valueOf(v), member + "retryPolicy.maximumEventAgeInSeconds",
              "Member must have value between 60 and 86400");
        }
      }
      if (t.hasNonNull("Input") && t.get("Input").asText().length() > MAX_TARGET_INPUT) {
        throw constraint(abbreviated(t.get("Input").asText()), member + "input",
            "Member must have length less than or equal to " + MAX_TARGET_INPUT);
      }
      String inputProblem = TargetInput.validate(id, t);
      if (inputProblem != null) {
        throw validation(inputProblem);
      }
      String arn = text(t, "Arn");
      String[] parts = arn.split(":");
      if (parts.length > 2 && ROLE_REQUIRED.contains(parts[2]) && text(t, "RoleArn") == null) {
        // EventBridge must assume a role to reach these services, and refuses the whole request.
        throw validation("RoleArn is required for target " + arn + ".");
      }
    }
    synchronized (lock) {
      Rule rule = rule(bus(text(in, "EventBusName")), ruleName);
      ObjectNode out = JSON.createObjectNode();
      ArrayNode failed = JSON.createArrayNode();
      Map<String, ObjectNode> accepted = new LinkedHashMap<>();
      for (JsonNode t : targets) {
        String id = text(t, "Id");
        String arn = text(t, "Arn");
        String problem = targetProblem(arn, t);
        if (problem != null) {
          failed.addObject().put("TargetId", id).put("ErrorCode", "ValidationException").put("ErrorMessage", problem);
        } else {
          accepted.put(id, t.deepCopy());
        }
      }
      long total = rule.targets.keySet().stream().filter(k -> !accepted.containsKey(k)).count() + accepted.size();
      if (total > MAX_TARGETS_PER_RULE) {
        throw new EventsException("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
      }
      rule.targets.putAll(accepted);
      out.put("FailedEntryCount", failed.size());
      out.set("FailedEntries", failed);
      return out;
    }
  }

  /** Problems AWS reports per target rather than for the whole request. */
  private static String targetProblem(String arn, JsonNode target) {
    if (!arn.matches("arn:[^:]+:[^:]+:[^:]*:[^:]*:.+")) {
      return "Parameter " + arn + " is not valid. Reason: Provided Arn is not in correct format.";
    }
    return null;
  }

  private ObjectNode removeTargets(ObjectNode in) {
    String ruleName = required(in, "Rule", "rule");
    synchronized (lock) {
      Rule rule = rule(bus(text(in, "EventBusName")), ruleName);
      ArrayNode failed = JSON.createArrayNode();
      for (JsonNode id : in.path("Ids")) {
        if (rule.targets.remove(id.asText()) == null) {
          failed.addObject()
              .put("TargetId", id.asText())
              .put("ErrorCode", "ResourceNotFoundException")
              .put("ErrorMessage", "Rule '" + rule.name + "' does not have a target with the Id '" + id.asText() + "'.");
        }
      }
      ObjectNode out = JSON.createObjectNode().put("FailedEntryCount", failed.size());
      out.set("FailedEntries", failed);
      return out;
    }
  }

  private ObjectNode listTargetsByRule(ObjectNode in) {
    String ruleName = required(in, "Rule", "rule");
    synchronized (lock) {
      Rule rule = rule(bus(text(in, "EventBusName")), ruleName);
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("Targets");
      List<ObjectNode> sorted = new ArrayList<>(rule.targets.values());
      page(in, sorted, t -> t.get("Id").asText(), out).forEach(list::add);
      return out;
    }
  }

  private ObjectNode listRuleNamesByTarget(ObjectNode in) {
    String arn = required(in, "TargetArn", "targetArn");
    synchronized (lock) {
      Bus bus = bus(text(in, "EventBusName"));
      List<String> names = bus.rules.values().stream()
          .filter(r -> r.targets.values().stream().anyMatch(t -> arn.equals(text(t, "Arn"))))
          .map(r -> r.name)
          .toList();
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("RuleNames");
      page(in, names, n -> n, out).forEach(list::add);
      return out;
    }
  }

  // ================================================================ events

  private ObjectNode putEvents(ObjectNode in) {
    JsonNode entries = in.path("Entries");
    if (!entries.isArray() || entries.isEmpty()) {
      throw constraint("[]", "entries", "Member must have length greater than or equal to 1");
    }
    if (entries.size() > MAX_ENTRIES) {
      throw constraint(entries.size() + " entries", "entries", "Member must have length less than or equal to 10");
    }
    if (entries.toString().getBytes(StandardCharsets.UTF_8).length > MAX_REQUEST_BYTES) {
      throw validation("Total size of the entries in the request is over the limit.");
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode results = out.putArray("Entries");
    int failed = 0;
    for (JsonNode entry : entries) {
      String problemCode = null;
      String problem = null;
      JsonNode detail = null;
      for (String field : new String[] {"Source", "DetailType", "Detail"}) {
        if (text(entry, field) == null && problem == null) {
          problemCode = "InvalidArgument";
          problem = "Parameter " + field + " is not valid. Reason: " + field + " is a required argument.";
        }
      }
      if (problem == null) {
        try {
          detail = JSON.readTree(entry.get("Detail").asText());
        } catch (JsonProcessingException e) {
          detail = null;
        }
        if (detail == null || !detail.isObject()) {
          problemCode = "MalformedDetail";
          problem = "Detail is malformed.";
        }
      }
      if (problem != null) {
        failed++;
        eventsRejected.incrementAndGet();
        results.addObject().put("ErrorCode", problemCode).put("ErrorMessage", problem);
        continue;
      }
      Instant time = entry.hasNonNull("Time") ? time(entry.get("Time")) : clock.instant();
      ArrayNode resources = JSON.createArrayNode();
      entry.path("Resources").forEach(resources::add);
      ObjectNode event = envelope(caller.get(), text(entry, "DetailType"), text(entry, "Source"), resources, detail, time);
      eventsPut.incrementAndGet();
      results.addObject().put("EventId", event.get("id").asText());
      route(busKey(text(entry, "EventBusName")), event);
    }
    out.put("FailedEntryCount", failed);
    return out;
  }

  private static Instant time(JsonNode time) {
    if (time.isNumber()) {
      return Instant.ofEpochMilli((long) (time.asDouble() * 1000));
    }
    try {
      return Instant.parse(time.asText());
    } catch (RuntimeException e) {
      return Instant.ofEpochMilli((long) (Double.parseDouble(time.asText()) * 1000));
    }
  }

  private ObjectNode envelope(
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
  private void route(String busKey, ObjectNode event) {
    record Match(Rule rule, List<ObjectNode> targets) {}
    List<Match> matches = new ArrayList<>();
    String busName = busKey.substring(busKey.indexOf('/') + 1);
    synchronized (lock) {
      Bus bus = lookup(busKey);
      if (bus == null) {
        // EventBridge accepts events for a bus that does not exist and drops them.
        return;
      }
      for (Rule rule : bus.rules.values()) {
        if (rule.enabled() && rule.pattern != null && rule.pattern.matches(event)) {
          matches.add(new Match(rule, List.copyOf(rule.targets.values())));
        }
      }
    }
    recent.routed(busName, event, matches.stream().map(m -> m.rule.name).toList(), false);
    for (Match match : matches) {
      ruleMatches.incrementAndGet();
      for (ObjectNode target : match.targets) {
        deliver(match.rule.arn, match.rule.name, target, event);
      }
    }
  }

  private ObjectNode testEventPattern(ObjectNode in) {
    String patternText = required(in, "EventPattern", "eventPattern");
    String eventText = required(in, "Event", "event");
    JsonNode event;
    try {
      event = JSON.readTree(eventText);
    } catch (JsonProcessingException e) {
      throw validation("Parameter Event is not valid.");
    }
    if (event == null || !event.isObject()) {
      throw validation("Parameter Event is not valid.");
    }
    for (String field : new String[] {"id", "account", "source", "time", "region", "detail-type"}) {
      if (!event.has(field)) {
        throw validation("Parameter Event is not valid.");
      }
    }
    EventPattern pattern = EventPattern.parse(patternText);
    return JSON.createObjectNode().put("Result", pattern.matches(event));
  }

  // ================================================================ delivery

  private final class Delivery {
    final String ruleArn;
    final String ruleName;
    final ObjectNode target;
    final ObjectNode event;
    final Instant ingested;
    final String input;
    int retriesDone;
    volatile String executionArn;

    Delivery(String ruleArn, String ruleName, ObjectNode target, ObjectNode event, String input) {
      this.ruleArn = ruleArn;
      this.ruleName = ruleName;
      this.target = target;
      this.event = event;
      this.ingested = clock.instant();
      this.input = input;
    }

    String targetArn() {
      return target.get("Arn").asText();
    }
  }

  /** The outcome of one attempt: null code means success. */
  private record Attempt(String errorCode, String errorMessage, boolean retriable) {
    static final Attempt OK = new Attempt(null, null, false);
  }

  private void deliver(String ruleArn, String ruleName, ObjectNode target, ObjectNode event) {
    begin();
    String input;
    try {
      input = TargetInput.render(target, event, ruleArn, ruleName, event.get("time").asText());
    } catch (TargetInput.TransformationException e) {
      Delivery d = new Delivery(ruleArn, ruleName, target, event, null);
      deliveryFailures.incrementAndGet();
      giveUp(d, new Attempt("INVALID_INPUT", e.getMessage(), false), null);
      return;
    }
    Delivery d = new Delivery(ruleArn, ruleName, target, event, input);
    submit(d);
  }

  private void submit(Delivery d) {
    try {
      executor.execute(() -> attempt(d));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      end();
    }
  }

  private void attempt(Delivery d) {
    Attempt result;
    try {
      result = send(d);
    } catch (RuntimeException e) {
      result = new Attempt("SDK_CLIENT_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage(), true);
    }
    if (result.errorCode() == null) {
      deliveries.incrementAndGet();
      end(d, DeliveryOutcome.Status.DELIVERED, result);
      return;
    }
    deliveryFailures.incrementAndGet();
    if (!result.retriable()) {
      giveUp(d, result, null);
      return;
    }
    JsonNode policy = d.target.path("RetryPolicy");
    int maxRetries = policy.path("MaximumRetryAttempts").asInt(DEFAULT_RETRY_ATTEMPTS);
    int maxAge = policy.path("MaximumEventAgeInSeconds").asInt(DEFAULT_EVENT_AGE_SECONDS);
    if (d.retriesDone >= maxRetries) {
      giveUp(d, result, "MaximumRetryAttempts");
      return;
    }
    Duration backoff = Duration.ofSeconds(1L << Math.min(d.retriesDone, 20));
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    Instant next = clock.instant().plus(backoff);
    if (next.isAfter(d.ingested.plusSeconds(maxAge))) {
      giveUp(d, result, "MaximumEventAgeInSeconds");
      return;
    }
    d.retriesDone++;
    retries.incrementAndGet();
    try {
      scheduler.schedule(next, () -> attempt(d));
    } catch (IllegalStateException closed) {
      end();
    }
  }

  private Attempt send(Delivery d) {
    String arn = d.targetArn();
    String[] parts = arn.split(":", 7);
    String service = parts.length > 2 ? parts[2] : "";
    switch (service) {
      case "states": {
        if (!arn.contains(":stateMachine:")) {
          return new Attempt("RESOURCE_NOT_FOUND", "not a state machine ARN: " + arn, false);
        }
        ObjectNode body = JSON.createObjectNode().put("stateMachineArn", arn).put("input", d.input);
        LocalResponse started = dispatcher.dispatch(LocalRequest.awsJson("AWSStepFunctions.StartExecution", body.toString()));
        d.executionArn = RecentEvents.executionArn(started);
        return outcome(started);
      }
      case "lambda": {
        String[] fn = arn.split(":");
        if (fn.length < 7 || !fn[5].equals("function")) {
          return new Attempt("RESOURCE_NOT_FOUND", "not a Lambda function ARN: " + arn, false);
        }
        String query = fn.length > 7 ? "Qualifier=" + fn[7] : "";
        LocalRequest request = new LocalRequest(
            "POST",
            "/2015-03-31/functions/" + fn[6] + "/invocations",
            query,
            Map.of(
                "x-amz-invocation-type", List.of("Event"),
                "content-type", List.of("application/json")),
            d.input.getBytes(StandardCharsets.UTF_8));
        return outcome(dispatcher.dispatch(request));
      }
      case "events": {
        int i = arn.indexOf(":event-bus/");
        if (i < 0) {
          return new Attempt("RESOURCE_NOT_FOUND", "not an event bus ARN: " + arn, false);
        }
        String bus = arn.substring(i + ":event-bus/".length());
        String busAccount = parts.length > 4 ? parts[4] : ACCOUNT_ID;
        String sender = d.ruleArn.split(":")[4];
        synchronized (lock) {
          Bus receiver = lookup(key(busAccount, bus));
          if (receiver == null) {
            return new Attempt("RESOURCE_NOT_FOUND", "Event bus " + bus + " does not exist.", false);
          }
          // A bus receives another account's events only when its resource-based policy allows that account.
          if (!busAccount.equals(sender) && !allowsPutEvents(receiver, sender)) {
            return new Attempt("NO_PERMISSIONS", "the policy of event bus " + receiver.arn
                + " does not allow events:PutEvents from account " + sender, false);
          }
        }
        eventsPut.incrementAndGet();
        route(key(busAccount, bus), d.event);
        return Attempt.OK;
      }
      default:
        return new Attempt(
            "RESOURCE_NOT_FOUND",
            "the local cloud has no " + service + " service to deliver to " + arn
                + "; use a state machine, Lambda function or event bus target",
            false);
    }
  }

  private static Attempt outcome(LocalResponse response) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      return Attempt.OK;
    }
    String type = "HTTP_" + status;
    String message = response.bodyAsString();
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body != null && body.hasNonNull("__type")) {
        type = body.get("__type").asText();
        type = type.substring(type.lastIndexOf('#') + 1);
      }
      if (body != null && body.hasNonNull("message")) {
        message = body.get("message").asText();
      } else if (body != null && body.hasNonNull("Message")) {
        message = body.get("Message").asText();
      }
    } catch (java.io.IOException ignored) {
      // Not JSON: keep the raw body as the message.
    }
    // As on AWS, a target that does not exist is not retried; it goes to the dead-letter queue at once.
    boolean missing = status == 404 || type.endsWith("NotFoundException") || type.endsWith("DoesNotExist")
        || type.equals("UnknownOperationException");
    if (missing) {
      return new Attempt("RESOURCE_NOT_FOUND", type + ": " + message, false);
    }
    if (status == 429 || type.contains("Throttl") || type.contains("TooManyRequests")) {
      return new Attempt("THROTTLING", type + ": " + message, true);
    }
    return new Attempt(status >= 500 ? "SDK_CLIENT_ERROR" : type, type + ": " + message, true);
  }

  private void giveUp(Delivery d, Attempt result, String exhausted) {
    String dlq = d.target.path("DeadLetterConfig").path("Arn").asText(null);
    if (dlq == null) {
      dropped.incrementAndGet();
      end(d, DeliveryOutcome.Status.DROPPED, result);
      return;
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("ERROR_CODE", result.errorCode());
    attributes.put("ERROR_MESSAGE", result.errorMessage());
    if (exhausted != null) {
      attributes.put("EXHAUSTED_RETRY_CONDITION", exhausted);
    }
    attributes.put("RETRY_ATTEMPTS", String.valueOf(d.retriesDone));
    attributes.put("RULE_ARN", d.ruleArn);
    attributes.put("TARGET_ARN", d.targetArn());
    DeadLetter letter = new DeadLetter(dlq, d.event.toString(), d.input, attributes, clock.instant());
    synchronized (lock) {
      deadLetters.computeIfAbsent(dlq, k -> new ArrayList<>()).add(letter);
    }
    deadLettered.incrementAndGet();
    end(d, DeliveryOutcome.Status.DEAD_LETTERED, result);
  }

  private void end(Delivery d, DeliveryOutcome.Status status, Attempt result) {
    DeliveryOutcome outcome = new DeliveryOutcome(
        d.ruleArn, d.target.path("Id").asText(), d.targetArn(), d.event.path("id").asText(), d.input, status,
        result.errorCode(), result.errorMessage(), d.retriesDone);
    recent.delivered(outcome.eventId(), d.ruleName, new RecentEvents.Delivery(
        outcome.targetId(), outcome.targetArn(), status.name(), d.executionArn, result.errorCode()));
    try {
      for (Consumer<DeliveryOutcome> listener : listeners) {
        listener.accept(outcome);
      }
    } finally {
      end();
    }
  }

  private void begin() {
    synchronized (idle) {
      inFlight++;
    }
  }

  private void end() {
    synchronized (idle) {
      inFlight--;
      if (inFlight <= 0) {
        inFlight = 0;
        idle.notifyAll();
      }
    }
  }

  // ================================================================ bus policy

  private ObjectNode putPermission(ObjectNode in) {
    synchronized (lock) {
      Bus bus = bus(text(in, "EventBusName"));
      if (in.hasNonNull("Policy")) {
        JsonNode policy;
        try {
          policy = JSON.readTree(in.get("Policy").asText());
        } catch (JsonProcessingException e) {
          throw new EventsException("MalformedPolicyDocumentException", "the policy is not JSON: " + e.getOriginalMessage());
        }
        bus.statements.clear();
        int n = 0;
        for (JsonNode st : policy.path("Statement")) {
          bus.statements.put(st.path("Sid").asText("statement-" + n++), (ObjectNode) st.deepCopy());
        }
        return JSON.createObjectNode();
      }
      String sid = required(in, "StatementId", "statementId");
      String principal = required(in, "Principal", "principal");
      String action = Optional.ofNullable(text(in, "Action")).orElse("events:PutEvents");
      if (!action.equals("events:PutEvents")) {
        throw validation("Provided value in parameter 'action' is not supported.");
      }
      if (!principal.equals("*") && !principal.matches("\\d{12}")) {
        throw validation("Parameter Principal is not valid. Reason: it must be a 12-digit account id or *.");
      }
      ObjectNode st = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
      if (principal.equals("*")) {
        st.put("Principal", "*");
      } else {
        st.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
      }
      st.put("Action", action).put("Resource", bus.arn);
      JsonNode condition = in.path("Condition");
      if (condition.isObject()) {
        st.putObject("Condition").putObject(condition.path("Type").asText("StringEquals"))
            .put(condition.path("Key").asText(), condition.path("Value").asText());
      }
      bus.statements.put(sid, st);
      return JSON.createObjectNode();
    }
  }

  private ObjectNode removePermission(ObjectNode in) {
    synchronized (lock) {
      Bus bus = bus(text(in, "EventBusName"));
      if (in.path("RemoveAllPermissions").asBoolean(false)) {
        bus.statements.clear();
      } else if (bus.statements.remove(required(in, "StatementId", "statementId")) == null) {
        throw new EventsException("ResourceNotFoundException", "Statement with the provided id does not exist.");
      }
      return JSON.createObjectNode();
    }
  }

  /**
   * Whether a bus's policy lets {@code account} put events: an Allow statement for events:PutEvents
   * whose principal is that account (its id or root ARN) or "*", with an {@code aws:PrincipalOrgID}
   * condition, if any, naming the account's organization.
   */
  private boolean allowsPutEvents(Bus bus, String account) {
    for (JsonNode st : bus.statements.values()) {
      if (!"Allow".equals(st.path("Effect").asText())) {
        continue;
      }
      JsonNode actions = st.path("Action");
      boolean putEvents = actions.isArray()
          ? java.util.stream.StreamSupport.stream(actions.spliterator(), false).anyMatch(a -> a.asText().equals("events:PutEvents"))
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

  /** The tag map of the rule or bus an ARN names. */
  private Map<String, String> taggable(String arn) {
    int rule = arn.indexOf(":rule/");
    if (rule >= 0) {
      String rest = arn.substring(rule + ":rule/".length());
      int slash = rest.lastIndexOf('/');
      String bus = slash < 0 ? "default" : rest.substring(0, slash);
      String name = slash < 0 ? rest : rest.substring(slash + 1);
      return rule(bus(arn.substring(0, rule) + ":event-bus/" + bus), name).tags;
    }
    int bus = arn.indexOf(":event-bus/");
    if (bus >= 0) {
      return bus(arn).tags;
    }
    throw validation("Parameter " + arn + " is not valid. Reason: Provided Arn is not in correct format.");
  }

  private ObjectNode tagResource(ObjectNode in) {
    String arn = required(in, "ResourceARN", "resourceARN");
    synchronized (lock) {
      tags(in.path("Tags"), taggable(arn));
    }
    return JSON.createObjectNode();
  }

  private ObjectNode untagResource(ObjectNode in) {
    String arn = required(in, "ResourceARN", "resourceARN");
    synchronized (lock) {
      Map<String, String> tags = taggable(arn);
      in.path("TagKeys").forEach(k -> tags.remove(k.asText()));
    }
    return JSON.createObjectNode();
  }

  private ObjectNode listTagsForResource(ObjectNode in) {
    String arn = required(in, "ResourceARN", "resourceARN");
    synchronized (lock) {
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("Tags");
      taggable(arn).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
      return out;
    }
  }
}
