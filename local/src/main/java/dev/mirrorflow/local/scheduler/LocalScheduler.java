package dev.mirrorflow.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.events.ClockScheduler;
import dev.mirrorflow.local.events.RetryPolicy;
import dev.mirrorflow.local.events.ScheduleExpression;
import dev.mirrorflow.local.events.TargetAnswer;
import dev.mirrorflow.local.events.TargetCall;
import dev.mirrorflow.local.http.AwsDispatcher;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The local EventBridge Scheduler's model: schedule groups (with the account's {@code default}
 * group), schedules validated as the API reference constrains them, and their firings on the local
 * clock into the cloud's own Step Functions and Lambda, with the target's retry policy and
 * dead-letter queue. {@link SchedulerService} puts it on the wire.
 */
public final class LocalScheduler implements AutoCloseable {
  /** The group every account has, which cannot be deleted. */
  public static final String DEFAULT_GROUP = "default";
  /** Schedule groups per account (the default group included). */
  public static final int MAX_GROUPS = 500;
  /** A target's Input, at most (bytes). */
  public static final int MAX_INPUT_BYTES = 256 * 1024;
  static final Pattern NAME = Pattern.compile("[0-9a-zA-Z\\-_.]+");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)?:iam::\\d{12}:role/[\\w+=,.@/-]+");
  private static final Pattern DLQ_ARN = Pattern.compile("arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A schedule group and its schedules. */
  record Group(String name, String arn, Instant created, Map<String, String> tags, Map<String, Entry> schedules) {}

  /** A schedule with the timer of its next firing. */
  static final class Entry {
    volatile Schedule schedule;
    ClockScheduler.Timer timer;

    Entry(Schedule schedule) {
      this.schedule = schedule;
    }
  }

  private final LocalClock clock;
  private final AwsDispatcher dispatcher;
  private final String region;
  private final String account;
  private final Object lock = new Object();
  private final Map<String, Group> groups = new TreeMap<>();
  private final ExecutorService executor;
  private final ClockScheduler timers;
  private final List<Consumer<ScheduleInvocation>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, List<ScheduleInvocation>> deadLetters = new TreeMap<>();
  private final AtomicLong firings = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public LocalScheduler(LocalClock clock, AwsDispatcher dispatcher, String region, String account) {
    this.clock = clock;
    this.dispatcher = dispatcher;
    this.region = region;
    this.account = account;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "local-scheduler-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.timers = new ClockScheduler(clock, executor, "local-scheduler-clock");
    groups.put(DEFAULT_GROUP, new Group(DEFAULT_GROUP, groupArn(DEFAULT_GROUP), clock.instant(), new TreeMap<>(),
        new TreeMap<>()));
  }

  // ================================================================ Java API

  /** Calls {@code listener} each time a firing ends (delivered, dead-lettered or dropped). */
  public void addInvocationListener(Consumer<ScheduleInvocation> listener) {
    listeners.add(listener);
  }

  public void removeInvocationListener(Consumer<ScheduleInvocation> listener) {
    listeners.remove(listener);
  }

  public SchedulerCounters counters() {
    long schedules;
    synchronized (lock) {
      schedules = groups.values().stream().mapToLong(g -> g.schedules().size()).sum();
    }
    return new SchedulerCounters(schedules, firings.get(), delivered.get(), retries.get(), failed.get());
  }

  /** The firings sent to one dead-letter queue, oldest first. */
  public List<ScheduleInvocation> deadLetters(String queueArn) {
    synchronized (lock) {
      return List.copyOf(deadLetters.getOrDefault(queueArn, List.of()));
    }
  }

  /** Every schedule of every group, by group then name. */
  public List<Schedule> schedules() {
    synchronized (lock) {
      List<Schedule> all = new ArrayList<>();
      groups.values().forEach(g -> g.schedules().values().forEach(e -> all.add(e.schedule)));
      return all;
    }
  }

  /** A schedule, if it exists. */
  public Optional<Schedule> schedule(String group, String name) {
    synchronized (lock) {
      Group g = groups.get(group == null ? DEFAULT_GROUP : group);
      Entry e = g == null ? null : g.schedules().get(name);
      return Optional.ofNullable(e).map(x -> x.schedule);
    }
  }

  @Override
  public void close() {
    timers.close();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ================================================================ groups

  ObjectNode createGroup(String name, JsonNode in) {
    name(name, "name");
    synchronized (lock) {
      if (groups.containsKey(name)) {
        throw SchedulerException.conflict("Schedule group " + name + " already exists.");
      }
      if (groups.size() >= MAX_GROUPS) {
        throw SchedulerException.quotaExceeded("You have reached the quota of " + MAX_GROUPS + " schedule groups.");
      }
      Map<String, String> tags = new TreeMap<>();
      for (JsonNode tag : in.path("Tags")) {
        tags.put(tag.path("Key").asText(), tag.path("Value").asText());
      }
      Group group = new Group(name, groupArn(name), clock.instant(), tags, new TreeMap<>());
      groups.put(name, group);
      return JSON.createObjectNode().put("ScheduleGroupArn", group.arn());
    }
  }

  ObjectNode getGroup(String name) {
    name(name, "name");
    synchronized (lock) {
      return groupJson(group(name));
    }
  }

  ObjectNode deleteGroup(String name) {
    name(name, "name");
    synchronized (lock) {
      if (DEFAULT_GROUP.equals(name)) {
        throw SchedulerException.validation("The default schedule group cannot be deleted.");
      }
      Group group = group(name);
      // AWS deletes the group's schedules with it (the group is DELETING meanwhile); here at once.
      group.schedules().values().forEach(LocalScheduler::disarm);
      groups.remove(name);
      return JSON.createObjectNode();
    }
  }

  List<ObjectNode> listGroups(String prefix) {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      for (Group g : groups.values()) {
        if (prefix == null || g.name().startsWith(prefix)) {
          out.add(groupJson(g));
        }
      }
      return out;
    }
  }

  Map<String, String> tags(String arn) {
    synchronized (lock) {
      return groups.values().stream().filter(g -> g.arn().equals(arn)).findFirst()
          .orElseThrow(() -> SchedulerException.notFound("Schedule group " + arn + " does not exist."))
          .tags();
    }
  }

  private ObjectNode groupJson(Group g) {
    ObjectNode out = JSON.createObjectNode().put("Arn", g.arn()).put("Name", g.name()).put("State", "ACTIVE");
    out.put("CreationDate", epochSeconds(g.created()));
    out.put("LastModificationDate", epochSeconds(g.created()));
    return out;
  }

  private Group group(String name) {
    Group group = groups.get(name == null ? DEFAULT_GROUP : name);
    if (group == null) {
      throw SchedulerException.notFound("Schedule group " + name + " does not exist.");
    }
    return group;
  }

  // ================================================================ schedules

  ObjectNode createSchedule(String name, JsonNode in) {
    synchronized (lock) {
      Group group = group(groupName(in.path("GroupName")));
      Schedule schedule = parse(group.name(), name, in, clock.instant(), null);
      if (group.schedules().containsKey(name)) {
        throw SchedulerException.conflict("Schedule " + name + " already exists.");
      }
      Entry entry = new Entry(schedule);
      group.schedules().put(name, entry);
      arm(entry);
      return JSON.createObjectNode().put("ScheduleArn", schedule.arn());
    }
  }

  ObjectNode updateSchedule(String name, JsonNode in) {
    synchronized (lock) {
      Group group = group(groupName(in.path("GroupName")));
      Entry entry = group.schedules().get(name);
      Schedule schedule = parse(group.name(), name, in, clock.instant(), entry == null ? null : entry.schedule.created());
      if (entry == null) {
        throw SchedulerException.notFound("Schedule " + name + " does not exist.");
      }
      // UpdateSchedule replaces the whole definition: what the request leaves out takes its default.
      entry.schedule = schedule;
      arm(entry);
      return JSON.createObjectNode().put("ScheduleArn", schedule.arn());
    }
  }

  ObjectNode getSchedule(String name, String groupName) {
    name(name, "name");
    synchronized (lock) {
      return scheduleJson(entry(name, groupName).schedule);
    }
  }

  ObjectNode deleteSchedule(String name, String groupName) {
    name(name, "name");
    synchronized (lock) {
      Group group = group(groupName);
      Entry entry = group.schedules().remove(name);
      if (entry == null) {
        throw SchedulerException.notFound("Schedule " + name + " does not exist.");
      }
      disarm(entry);
      return JSON.createObjectNode();
    }
  }

  List<ObjectNode> listSchedules(String groupName, String prefix, String state) {
    if (state != null && !state.equals("ENABLED") && !state.equals("DISABLED")) {
      throw SchedulerException.validation("State must be one of ENABLED, DISABLED.");
    }
    synchronized (lock) {
      List<Group> in = groupName == null ? List.copyOf(groups.values()) : List.of(group(groupName));
      List<ObjectNode> out = new ArrayList<>();
      for (Group g : in) {
        for (Entry e : g.schedules().values()) {
          Schedule s = e.schedule;
          if ((prefix == null || s.name().startsWith(prefix)) && (state == null || state.equals(s.state()))) {
            ObjectNode summary = JSON.createObjectNode().put("Arn", s.arn()).put("GroupName", s.group())
                .put("Name", s.name()).put("State", s.state());
            summary.put("CreationDate", epochSeconds(s.created()));
            summary.put("LastModificationDate", epochSeconds(s.modified()));
            summary.putObject("Target").put("Arn", s.target().arn());
            out.add(summary);
          }
        }
      }
      return out;
    }
  }

  private Entry entry(String name, String groupName) {
    Entry entry = group(groupName).schedules().get(name);
    if (entry == null) {
      throw SchedulerException.notFound("Schedule " + name + " does not exist.");
    }
    return entry;
  }

  private ObjectNode scheduleJson(Schedule s) {
    ObjectNode out = JSON.createObjectNode().put("Arn", s.arn()).put("Name", s.name()).put("GroupName", s.group());
    out.put("ScheduleExpression", s.expression().expression());
    if (s.timezone() != null) {
      out.put("ScheduleExpressionTimezone", s.timezone());
    }
    if (s.startDate() != null) {
      out.put("StartDate", epochSeconds(s.startDate()));
    }
    if (s.endDate() != null) {
      out.put("EndDate", epochSeconds(s.endDate()));
    }
    out.put("State", s.state());
    if (s.description() != null) {
      out.put("Description", s.description());
    }
    ObjectNode window = out.putObject("FlexibleTimeWindow").put("Mode", s.windowMinutes() == 0 ? "OFF" : "FLEXIBLE");
    if (s.windowMinutes() > 0) {
      window.put("MaximumWindowInMinutes", s.windowMinutes());
    }
    ObjectNode target = out.putObject("Target").put("Arn", s.target().arn()).put("RoleArn", s.target().roleArn());
    if (s.target().input() != null) {
      target.put("Input", s.target().input());
    }
    target.putObject("RetryPolicy").put("MaximumRetryAttempts", s.target().maxRetryAttempts())
        .put("MaximumEventAgeInSeconds", s.target().maxEventAgeSeconds());
    if (s.target().deadLetterArn() != null) {
      target.putObject("DeadLetterConfig").put("Arn", s.target().deadLetterArn());
    }
    out.put("ActionAfterCompletion", s.deleteAfterCompletion() ? "DELETE" : "NONE");
    out.put("CreationDate", epochSeconds(s.created()));
    out.put("LastModificationDate", epochSeconds(s.modified()));
    return out;
  }

  // ================================================================ validation

  private Schedule parse(String group, String name, JsonNode in, Instant now, Instant created) {
    name(name, "name");
    String expressionText = required(in, "ScheduleExpression");
    length(expressionText, "scheduleExpression", 1, 256);
    ScheduleExpression expression;
    try {
      expression = ScheduleExpression.parse(expressionText);
    } catch (IllegalArgumentException e) {
      throw SchedulerException.validation("Invalid Schedule Expression " + expressionText
          + " (the local Scheduler models rate(...) and cron(...) expressions).");
    }
    String timezone = text(in, "ScheduleExpressionTimezone");
    if (timezone != null) {
      length(timezone, "scheduleExpressionTimezone", 1, 50);
      try {
        if (!ZoneId.of(timezone).normalized().equals(ZoneId.of("UTC").normalized())) {
          throw SchedulerException.validation("The local Scheduler evaluates expressions in UTC only, not "
              + timezone + "; leave ScheduleExpressionTimezone out or set it to UTC.");
        }
      } catch (DateTimeException e) {
        throw SchedulerException.validation("Invalid ScheduleExpressionTimezone " + timezone + ".");
      }
    }
    String description = text(in, "Description");
    if (description != null) {
      length(description, "description", 0, 512);
    }
    String state = Optional.ofNullable(text(in, "State")).orElse("ENABLED");
    if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
      throw SchedulerException.validation("1 validation error detected: Value '" + state
          + "' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]");
    }
    JsonNode window = in.path("FlexibleTimeWindow");
    if (!window.isObject()) {
      throw SchedulerException.validation("FlexibleTimeWindow is required: {\"Mode\": \"OFF\"} or FLEXIBLE with a window.");
    }
    String mode = window.path("Mode").asText("");
    int windowMinutes;
    if (mode.equals("OFF")) {
      windowMinutes = 0;
    } else if (mode.equals("FLEXIBLE")) {
      JsonNode max = window.path("MaximumWindowInMinutes");
      if (!max.canConvertToInt() || max.asInt() < 1 || max.asInt() > 1440) {
        throw SchedulerException.validation(
            "MaximumWindowInMinutes must be 1 to 1440 when FlexibleTimeWindow's Mode is FLEXIBLE.");
      }
      windowMinutes = max.asInt();
    } else {
      throw SchedulerException.validation("FlexibleTimeWindow.Mode must be one of OFF, FLEXIBLE, got '" + mode + "'.");
    }
    Instant start = date(in.path("StartDate"), "StartDate");
    Instant end = date(in.path("EndDate"), "EndDate");
    if (start != null && end != null && !end.isAfter(start)) {
      throw SchedulerException.validation("The EndDate must be after the StartDate.");
    }
    String after = Optional.ofNullable(text(in, "ActionAfterCompletion")).orElse("NONE");
    if (!after.equals("NONE") && !after.equals("DELETE")) {
      throw SchedulerException.validation("ActionAfterCompletion must be one of NONE, DELETE.");
    }
    return new Schedule(group, name, scheduleArn(group, name), expression, timezone, start, end,
        state.equals("ENABLED"), description, windowMinutes, target(in.path("Target")), after.equals("DELETE"),
        created == null ? now : created, now);
  }

  private static Schedule.Target target(JsonNode target) {
    if (!target.isObject()) {
      throw SchedulerException.validation("Target is required, with Arn and RoleArn.");
    }
    String arn = required(target, "Arn");
    length(arn, "target.arn", 1, 1600);
    String role = required(target, "RoleArn");
    length(role, "target.roleArn", 1, 1600);
    if (!ROLE_ARN.matcher(role).matches()) {
      throw SchedulerException.validation("1 validation error detected: Value '" + role
          + "' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          + ROLE_ARN.pattern());
    }
    String input = target.hasNonNull("Input") ? target.get("Input").asText() : null;
    if (input != null && input.isEmpty()) {
      throw SchedulerException.validation("Target.Input must not be empty when given.");
    }
    if (input != null && input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
      throw SchedulerException.validation("Target.Input is larger than " + MAX_INPUT_BYTES + " bytes.");
    }
    JsonNode policy = target.path("RetryPolicy");
    int attempts = policy.path("MaximumRetryAttempts").asInt(RetryPolicy.DEFAULT_RETRY_ATTEMPTS);
    int age = policy.path("MaximumEventAgeInSeconds").asInt(RetryPolicy.DEFAULT_EVENT_AGE_SECONDS);
    if (attempts < 0 || attempts > 185) {
      throw SchedulerException.validation("RetryPolicy.MaximumRetryAttempts must be 0 to 185, got " + attempts + ".");
    }
    if (age < 60 || age > 86_400) {
      throw SchedulerException.validation("RetryPolicy.MaximumEventAgeInSeconds must be 60 to 86400, got " + age + ".");
    }
    String dlq = target.path("DeadLetterConfig").hasNonNull("Arn") ? target.path("DeadLetterConfig").get("Arn").asText() : null;
    if (dlq != null && !DLQ_ARN.matcher(dlq).matches()) {
      throw SchedulerException.validation("DeadLetterConfig.Arn must be an Amazon SQS queue ARN, got " + dlq + ".");
    }
    return new Schedule.Target(arn, role, input, attempts, age, dlq);
  }

  static void name(String name, String field) {
    if (name == null || name.isEmpty() || name.length() > 64) {
      throw SchedulerException.validation("1 validation error detected: Value '" + name + "' at '" + field
          + "' failed to satisfy constraint: Member must have length between 1 and 64");
    }
    if (!NAME.matcher(name).matches()) {
      throw SchedulerException.validation("1 validation error detected: Value '" + name + "' at '" + field
          + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+");
    }
  }

  private static String groupName(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return DEFAULT_GROUP;
    }
    name(node.asText(), "groupName");
    return node.asText();
  }

  private static void length(String value, String field, int min, int max) {
    if (value.length() < min || value.length() > max) {
      throw SchedulerException.validation("1 validation error detected: Value at '" + field
          + "' failed to satisfy constraint: Member must have length between " + min + " and " + max);
    }
  }

  private static String required(JsonNode in, String field) {
    String value = text(in, field);
    if (value == null) {
      throw SchedulerException.validation(field + " is required.");
    }
    return value;
  }

  private static String text(JsonNode in, String field) {
    JsonNode v = in.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  private static Instant date(JsonNode value, String field) {
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw SchedulerException.validation(field + " must be a timestamp (epoch seconds).");
    }
    return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
  }

  // ================================================================ firing

  /** (Re)starts or stops a schedule's firings after any change; takes effect at once. */
  private void arm(Entry entry) {
    disarm(entry);
    Schedule s = entry.schedule;
    if (!s.enabled()) {
      return;
    }
    Instant now = clock.instant();
    Instant first;
    if (s.expression() instanceof ScheduleExpression.Rate) {
      // A rate schedule without StartDate starts invoking at once; with one, StartDate is its first firing.
      if (s.startDate() == null) {
        first = s.modified();
      } else {
        first = s.startDate().isBefore(now) ? s.expression().nextAfter(now, s.startDate()).orElse(null) : s.startDate();
      }
    } else {
      Instant from = s.startDate() != null && s.startDate().isAfter(now) ? s.startDate().minusNanos(1) : now;
      first = s.expression().nextAfter(from, from).orElse(null);
    }
    schedule(entry, first);
  }

  private void schedule(Entry entry, Instant nominal) {
    Schedule s = entry.schedule;
    if (nominal == null || (s.endDate() != null && nominal.isAfter(s.endDate()))) {
      return;
    }
    ClockScheduler.Timer[] self = new ClockScheduler.Timer[1];
    try {
      self[0] = timers.schedule(nominal, () -> fire(entry, self, nominal));
    } catch (IllegalStateException closed) {
      return;
    }
    entry.timer = self[0];
  }

  private static void disarm(Entry entry) {
    if (entry.timer != null) {
      entry.timer.cancel();
      entry.timer = null;
    }
  }

  private void fire(Entry entry, ClockScheduler.Timer[] self, Instant nominal) {
    Schedule s;
    synchronized (lock) {
      if (self[0] == null || entry.timer != self[0]) {
        return; // changed, disabled or deleted since this timer was set
      }
      s = entry.schedule;
      Instant anchor = s.startDate() == null ? s.modified() : s.startDate();
      // Firings missed while the clock jumped forward (advance) are skipped, not replayed in a burst.
      Instant now = clock.instant();
      Instant from = now.isAfter(nominal) ? now : nominal;
      schedule(entry, s.expression().nextAfter(from, s.expression() instanceof ScheduleExpression.Rate ? anchor : from)
          .orElse(null));
    }
    firings.incrementAndGet();
    Instant due = nominal;
    if (s.windowMinutes() > 0) {
      // FLEXIBLE: the invocation happens at some moment of the window after the scheduled time.
      due = nominal.plusMillis(ThreadLocalRandom.current().nextLong(Duration.ofMinutes(s.windowMinutes()).toMillis()));
    }
    Delivery d = new Delivery(s, due);
    if (due.equals(nominal)) {
      submit(d);
    } else {
      later(due, d);
    }
  }

  private final class Delivery {
    final Schedule schedule;
    final Instant due;
    int retriesDone;

    Delivery(Schedule schedule, Instant due) {
      this.schedule = schedule;
      this.due = due;
    }
  }

  private void submit(Delivery d) {
    try {
      executor.execute(() -> attempt(d));
    } catch (RejectedExecutionException closed) {
      // closing
    }
  }

  private void later(Instant at, Delivery d) {
    try {
      timers.schedule(at, () -> attempt(d));
    } catch (IllegalStateException closed) {
      // closing
    }
  }

  private void attempt(Delivery d) {
    Schedule.Target target = d.schedule.target();
    TargetAnswer answer;
    try {
      answer = TargetCall.call(dispatcher, target.arn(), target.input() == null ? "{}" : target.input());
    } catch (RuntimeException e) {
      answer = new TargetAnswer(TargetAnswer.Kind.SERVER_ERROR, "InternalFailure", e.toString(), null);
    }
    if (answer.accepted()) {
      delivered.incrementAndGet();
      end(d, true, null);
      return;
    }
    RetryPolicy.Next next = answer.retriable()
        ? new RetryPolicy(target.maxRetryAttempts(), target.maxEventAgeSeconds())
            .afterFailure(d.retriesDone, clock.instant(), d.due)
        : null;
    if (next == null || !next.retry()) {
      failed.incrementAndGet();
      end(d, false, answer.errorType() == null ? answer.errorMessage() : answer.errorType());
      return;
    }
    d.retriesDone++;
    retries.incrementAndGet();
    later(next.at(), d);
  }

  private void end(Delivery d, boolean ok, String errorCode) {
    ScheduleInvocation outcome = new ScheduleInvocation(d.schedule.arn(), d.schedule.target().arn(),
        d.schedule.target().input(), d.due, ok, errorCode, d.retriesDone);
    if (!ok && d.schedule.target().deadLetterArn() != null) {
      synchronized (lock) {
        deadLetters.computeIfAbsent(d.schedule.target().deadLetterArn(), k -> new ArrayList<>()).add(outcome);
      }
    }
    for (Consumer<ScheduleInvocation> listener : listeners) {
      listener.accept(outcome);
    }
  }

  // ================================================================ names

  private String groupArn(String name) {
    return "arn:aws:scheduler:" + region + ":" + account + ":schedule-group/" + name;
  }

  private String scheduleArn(String group, String name) {
    return "arn:aws:scheduler:" + region + ":" + account + ":schedule/" + group + "/" + name;
  }

  private static double epochSeconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
