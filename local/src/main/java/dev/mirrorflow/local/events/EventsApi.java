package dev.mirrorflow.local.events;

import static dev.mirrorflow.local.events.EventsException.constraint;
import static dev.mirrorflow.local.events.EventsException.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.events.EventBusStore.Bus;
import dev.mirrorflow.local.events.EventBusStore.Rule;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * EventBridge's wire protocol, AWS JSON 1.1 ({@code X-Amz-Target: AWSEvents.<Operation>}): reads
 * and checks each operation's parameters as AWS does, asks the store or the router, and answers in
 * AWS's shapes and error codes; also the local cloud's admin routes for dead letters and counters.
 */
record EventsApi(LocalClock clock, EventBusStore store, EventRouter router, DeliveryOutcomes outcomes,
    RunningCounters counters, Function<LocalRequest, String> callerAccount) {
  private static final String TARGET_PREFIX = "AWSEvents.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RULE_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]+");
  private static final Pattern BUS_NAME = Pattern.compile("[/\\.\\-_A-Za-z0-9]+");
  private static final List<String> ROLE_REQUIRED =
      List.of("states", "kinesis", "ecs", "ec2", "codebuild", "codepipeline", "ssm", "batch");
  private static final int MAX_ENTRIES = 10;
  private static final int MAX_REQUEST_BYTES = 256 * 1024;

  boolean accepts(LocalRequest request) {
    String target = request.header("x-amz-target");
    if (target != null) {
      return target.startsWith(TARGET_PREFIX);
    }
    return request.path().startsWith("/_mirrorflow/events/");
  }

  LocalResponse handle(LocalRequest request) {
    String target = request.header("x-amz-target");
    if (target == null) {
      return admin(request);
    }
    String operation = target.substring(TARGET_PREFIX.length());
    String caller = callerAccount.apply(request);
    try {
      JsonNode body = request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
      if (body == null || !body.isObject()) {
        throw new EventsException("SerializationException", "the request body must be a JSON object");
      }
      ObjectNode result = operation(operation, (ObjectNode) body, caller);
      return response(200, result);
    } catch (EventsException e) {
      return error(e.type(), e.getMessage());
    } catch (InvalidEventPatternException e) {
      return error("InvalidEventPatternException", e.getMessage());
    } catch (java.io.IOException e) {
      return error("SerializationException", "the request body is not JSON: " + e.getMessage());
    }
  }

  private ObjectNode operation(String operation, ObjectNode in, String caller) {
    return switch (operation) {
      case "CreateEventBus" -> createEventBus(in, caller);
      case "DeleteEventBus" -> deleteEventBus(in, caller);
      case "DescribeEventBus" -> store.withBus(caller, text(in, "Name"), EventsApi::busJson);
      case "ListEventBuses" -> listEventBuses(in, caller);
      case "PutRule" -> putRule(in, caller);
      case "DescribeRule" -> describeRule(in, caller);
      case "ListRules" -> listRules(in, caller);
      case "EnableRule" -> setRuleState(in, caller, "ENABLED");
      case "DisableRule" -> setRuleState(in, caller, "DISABLED");
      case "DeleteRule" -> deleteRule(in, caller);
      case "PutTargets" -> putTargets(in, caller);
      case "RemoveTargets" -> removeTargets(in, caller);
      case "ListTargetsByRule" -> listTargetsByRule(in, caller);
      case "ListRuleNamesByTarget" -> listRuleNamesByTarget(in, caller);
      case "PutEvents" -> putEvents(in, caller);
      case "TestEventPattern" -> testEventPattern(in);
      case "TagResource" -> tagResource(in, caller);
      case "UntagResource" -> untagResource(in, caller);
      case "ListTagsForResource" -> listTagsForResource(in, caller);
      case "PutPermission" -> putPermission(in, caller);
      case "RemovePermission" -> removePermission(in, caller);
      default -> throw new EventsException(
          "UnknownOperationException", "the local EventBridge does not implement " + operation);
    };
  }

  private LocalResponse admin(LocalRequest request) {
    if (!request.method().equals("GET")) {
      return error("ValidationException", "only GET is served on " + request.path());
    }
    ObjectNode out = JSON.createObjectNode();
    if (request.path().equals(EventsService.DEAD_LETTERS_PATH)) {
      String only = request.queryParameters().get("arn");
      ObjectNode byArn = out.putObject("DeadLetters");
      outcomes.deadLetters().forEach(
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
    if (request.path().equals(EventsService.COUNTERS_PATH)) {
      return response(200, JSON.valueToTree(counters.snapshot()));
    }
    return error("ResourceNotFoundException", "no admin route " + request.path()
        + "; try " + EventsService.DEAD_LETTERS_PATH + " or " + EventsService.COUNTERS_PATH);
  }

  private static LocalResponse response(int status, JsonNode body) {
    return new LocalResponse(status, CONTENT_TYPE, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static LocalResponse error(String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
    return response(400, body).withHeader("x-amzn-ErrorType", type);
  }

  // ================================================================ parameters

  private static String abbreviated(String value) {
    return value.length() <= 100 ? value : value.substring(0, 100) + "...";
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

  private static double epochSeconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  /** One page of {@code items} (sorted by key) after the request's NextToken; sets the response's NextToken. */
  private static <T> List<T> page(ObjectNode in, List<T> items, Function<T, String> key, ObjectNode out) {
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

  // ================================================================ buses

  private ObjectNode createEventBus(ObjectNode in, String caller) {
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
    return store.createBus(caller, name, text(in, "Description"), in.path("Tags"), bus -> {
      ObjectNode out = JSON.createObjectNode().put("EventBusArn", bus.arn());
      if (bus.description() != null) {
        out.put("Description", bus.description());
      }
      return out;
    });
  }

  private ObjectNode deleteEventBus(ObjectNode in, String caller) {
    String name = EventBusStore.busName(required(in, "Name", "name"));
    if (name.equals("default")) {
      throw validation("Cannot delete event bus default.");
    }
    store.deleteBus(caller, in.get("Name").asText());
    return JSON.createObjectNode();
  }

  private static ObjectNode busJson(Bus bus) {
    ObjectNode out = JSON.createObjectNode().put("Name", bus.name()).put("Arn", bus.arn());
    if (bus.description() != null) {
      out.put("Description", bus.description());
    }
    if (!bus.statements().isEmpty()) {
      ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
      ArrayNode statements = policy.putArray("Statement");
      bus.statements().values().forEach(statements::add);
      out.put("Policy", policy.toString());
    }
    out.put("CreationTime", epochSeconds(bus.created()));
    out.put("LastModifiedTime", epochSeconds(bus.created()));
    return out;
  }

  private ObjectNode listEventBuses(ObjectNode in, String caller) {
    String prefix = Optional.ofNullable(text(in, "NamePrefix")).orElse("");
    return store.withBuses(caller, buses -> {
      List<Bus> matching = buses.stream().filter(b -> b.name().startsWith(prefix)).toList();
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("EventBuses");
      page(in, matching, b -> b.name(), out).forEach(b -> list.add(busJson(b)));
      return out;
    });
  }

  // ================================================================ rules

  private ObjectNode putRule(ObjectNode in, String caller) {
    String name = required(in, "Name", "name");
    if (name.length() > EventsService.MAX_RULE_NAME) {
      throw constraint(name, "name", "Member must have length less than or equal to " + EventsService.MAX_RULE_NAME);
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
    String arn = store.putRule(caller, text(in, "EventBusName"), new EventBusStore.RuleSpec(
        name, pattern, scheduleText, state, text(in, "Description"), text(in, "RoleArn"), in.path("Tags")));
    return JSON.createObjectNode().put("RuleArn", arn);
  }

  private ObjectNode describeRule(ObjectNode in, String caller) {
    String name = required(in, "Name", "name");
    ObjectNode out = store.withRule(caller, text(in, "EventBusName"), name, EventsApi::ruleJson);
    out.put("CreatedBy", caller);
    return out;
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
    out.put("EventBusName", rule.bus.name());
    return out;
  }

  private ObjectNode listRules(ObjectNode in, String caller) {
    String prefix = Optional.ofNullable(text(in, "NamePrefix")).orElse("");
    return store.withBus(caller, text(in, "EventBusName"), bus -> {
      List<Rule> matching = bus.rules().values().stream().filter(r -> r.name.startsWith(prefix)).toList();
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("Rules");
      page(in, matching, r -> r.name, out).forEach(r -> list.add(ruleJson(r)));
      return out;
    });
  }

  private ObjectNode setRuleState(ObjectNode in, String caller, String state) {
    String name = required(in, "Name", "name");
    store.setRuleState(caller, text(in, "EventBusName"), name, state);
    return JSON.createObjectNode();
  }

  private ObjectNode deleteRule(ObjectNode in, String caller) {
    String name = required(in, "Name", "name");
    store.deleteRule(caller, text(in, "EventBusName"), name, in.path("Force").asBoolean(false));
    return JSON.createObjectNode();
  }

  // ================================================================ targets

  private ObjectNode putTargets(ObjectNode in, String caller) {
    String ruleName = required(in, "Rule", "rule");
    JsonNode targets = in.path("Targets");
    if (!targets.isArray() || targets.isEmpty() || targets.size() > 10) {
      throw constraint(String.valueOf(targets.size()), "targets",
          "Member must have length less than or equal to 10 and greater than or equal to 1");
    }
    for (int i = 0; i < targets.size(); i++) {
      checkTarget(targets.get(i), "targets." + (i + 1) + ".member.");
    }
    ArrayNode failed = JSON.createArrayNode();
    Map<String, ObjectNode> accepted = new LinkedHashMap<>();
    for (JsonNode t : targets) {
      String id = text(t, "Id");
      String arn = text(t, "Arn");
      // AWS reports a malformed ARN per target rather than for the whole request.
      if (!arn.matches("arn:[^:]+:[^:]+:[^:]*:[^:]*:.+")) {
        failed.addObject().put("TargetId", id).put("ErrorCode", "ValidationException")
            .put("ErrorMessage", "Parameter " + arn + " is not valid. Reason: Provided Arn is not in correct format.");
      } else {
        accepted.put(id, t.deepCopy());
      }
    }
    store.putTargets(caller, text(in, "EventBusName"), ruleName, accepted);
    ObjectNode out = JSON.createObjectNode();
    out.put("FailedEntryCount", failed.size());
    out.set("FailedEntries", failed);
    return out;
  }

  /** The checks that refuse the whole PutTargets request. */
  private static void checkTarget(JsonNode t, String member) {
    String id = text(t, "Id");
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
    if (t.hasNonNull("Input") && t.get("Input").asText().length() > EventsService.MAX_TARGET_INPUT) {
      throw constraint(abbreviated(t.get("Input").asText()), member + "input",
          "Member must have length less than or equal to " + EventsService.MAX_TARGET_INPUT);
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

  private ObjectNode removeTargets(ObjectNode in, String caller) {
    String ruleName = required(in, "Rule", "rule");
    List<String> ids = new ArrayList<>();
    in.path("Ids").forEach(id -> ids.add(id.asText()));
    List<String> missing = store.removeTargets(caller, text(in, "EventBusName"), ruleName, ids);
    ArrayNode failed = JSON.createArrayNode();
    for (String id : missing) {
      failed.addObject()
          .put("TargetId", id)
          .put("ErrorCode", "ResourceNotFoundException")
          .put("ErrorMessage", "Rule '" + ruleName + "' does not have a target with the Id '" + id + "'.");
    }
    ObjectNode out = JSON.createObjectNode().put("FailedEntryCount", failed.size());
    out.set("FailedEntries", failed);
    return out;
  }

  private ObjectNode listTargetsByRule(ObjectNode in, String caller) {
    String ruleName = required(in, "Rule", "rule");
    return store.withRule(caller, text(in, "EventBusName"), ruleName, rule -> {
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("Targets");
      List<ObjectNode> sorted = new ArrayList<>(rule.targets.values());
      page(in, sorted, t -> t.get("Id").asText(), out).forEach(list::add);
      return out;
    });
  }

  private ObjectNode listRuleNamesByTarget(ObjectNode in, String caller) {
    String arn = required(in, "TargetArn", "targetArn");
    return store.withBus(caller, text(in, "EventBusName"), bus -> {
      List<String> names = bus.rules().values().stream()
          .filter(r -> r.targets.values().stream().anyMatch(t -> arn.equals(text(t, "Arn"))))
          .map(r -> r.name)
          .toList();
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("RuleNames");
      page(in, names, n -> n, out).forEach(list::add);
      return out;
    });
  }

  // ================================================================ events

  private ObjectNode putEvents(ObjectNode in, String caller) {
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
        counters.eventsRejected.incrementAndGet();
        results.addObject().put("ErrorCode", problemCode).put("ErrorMessage", problem);
        continue;
      }
      Instant time = entry.hasNonNull("Time") ? time(entry.get("Time")) : clock.instant();
      ArrayNode resources = JSON.createArrayNode();
      entry.path("Resources").forEach(resources::add);
      ObjectNode event = router.envelope(caller, text(entry, "DetailType"), text(entry, "Source"), resources, detail, time);
      counters.eventsPut.incrementAndGet();
      results.addObject().put("EventId", event.get("id").asText());
      router.route(EventBusStore.busKey(caller, text(entry, "EventBusName")), event);
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

  // ================================================================ bus policy

  private ObjectNode putPermission(ObjectNode in, String caller) {
    String bus = text(in, "EventBusName");
    // A bus that does not exist is reported before anything wrong in the other parameters.
    store.withBus(caller, bus, b -> b.arn());
    if (in.hasNonNull("Policy")) {
      JsonNode policy;
      try {
        policy = JSON.readTree(in.get("Policy").asText());
      } catch (JsonProcessingException e) {
        throw new EventsException("MalformedPolicyDocumentException", "the policy is not JSON: " + e.getOriginalMessage());
      }
      store.putPolicy(caller, bus, policy.path("Statement"));
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
    JsonNode condition = in.path("Condition");
    store.putStatement(caller, bus, sid, busArn -> {
      ObjectNode st = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
      if (principal.equals("*")) {
        st.put("Principal", "*");
      } else {
        st.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
      }
      st.put("Action", action).put("Resource", busArn);
      if (condition.isObject()) {
        st.putObject("Condition").putObject(condition.path("Type").asText("StringEquals"))
            .put(condition.path("Key").asText(), condition.path("Value").asText());
      }
      return st;
    });
    return JSON.createObjectNode();
  }

  private ObjectNode removePermission(ObjectNode in, String caller) {
    store.removePermission(caller, text(in, "EventBusName"), in.path("RemoveAllPermissions").asBoolean(false),
        () -> required(in, "StatementId", "statementId"));
    return JSON.createObjectNode();
  }

  // ================================================================ tags

  private ObjectNode tagResource(ObjectNode in, String caller) {
    String arn = required(in, "ResourceARN", "resourceARN");
    store.tag(caller, arn, in.path("Tags"));
    return JSON.createObjectNode();
  }

  private ObjectNode untagResource(ObjectNode in, String caller) {
    String arn = required(in, "ResourceARN", "resourceARN");
    store.withTags(caller, arn, tags -> {
      in.path("TagKeys").forEach(k -> tags.remove(k.asText()));
      return null;
    });
    return JSON.createObjectNode();
  }

  private ObjectNode listTagsForResource(ObjectNode in, String caller) {
    String arn = required(in, "ResourceARN", "resourceARN");
    return store.withTags(caller, arn, tags -> {
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("Tags");
      tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
      return out;
    });
  }
}
