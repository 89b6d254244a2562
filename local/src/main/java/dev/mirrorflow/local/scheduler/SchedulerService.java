package dev.mirrorflow.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge Scheduler's REST-JSON protocol in front of a {@link LocalScheduler}: {@code
 * /schedules/{Name}} (POST create, PUT update, GET, DELETE), {@code GET /schedules}, {@code
 * /schedule-groups/{Name}} (POST, GET, DELETE), {@code GET /schedule-groups} and {@code GET
 * /tags/{ResourceArn}}. Errors carry their code in {@code x-amzn-ErrorType} and their HTTP status.
 */
public final class SchedulerService implements ServiceHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCHEDULE = Pattern.compile("/schedules/([^/]*)");
  private static final Pattern GROUP = Pattern.compile("/schedule-groups/([^/]*)");
  private static final int MAX_PAGE = 100;

  private final LocalScheduler scheduler;

  public SchedulerService(LocalScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public boolean accepts(LocalRequest request) {
    String path = request.path();
    return request.header("x-amz-target") == null
        && (path.equals("/schedules") || path.startsWith("/schedules/") || path.equals("/schedule-groups")
            || path.startsWith("/schedule-groups/") || path.startsWith("/tags/arn:aws:scheduler:"));
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    try {
      return ok(route(request));
    } catch (SchedulerException e) {
      ObjectNode body = JSON.createObjectNode().put("Message", e.getMessage()).put("__type", e.code());
      return new LocalResponse(e.status(), "application/json", body.toString().getBytes(StandardCharsets.UTF_8),
          Map.of("x-amzn-ErrorType", e.code()));
    }
  }

  private JsonNode route(LocalRequest request) {
    String method = request.method();
    String path = request.path();
    Map<String, String> query = request.queryParameters();
    Matcher schedule = SCHEDULE.matcher(path);
    Matcher group = GROUP.matcher(path);
    if (schedule.matches()) {
      String name = schedule.group(1);
      return switch (method) {
        case "POST" -> scheduler.createSchedule(name, body(request));
        case "PUT" -> scheduler.updateSchedule(name, body(request));
        case "GET" -> scheduler.getSchedule(name, query.get("groupName"));
        case "DELETE" -> scheduler.deleteSchedule(name, query.get("groupName"));
        default -> throw unknown(request);
      };
    }
    if (group.matches()) {
      String name = group.group(1);
      return switch (method) {
        case "POST" -> scheduler.createGroup(name, body(request));
        case "GET" -> scheduler.getGroup(name);
        case "DELETE" -> scheduler.deleteGroup(name);
        default -> throw unknown(request);
      };
    }
    if (path.equals("/schedules") && method.equals("GET")) {
      String prefix = query.get("NamePrefix");
      if (prefix != null) {
        LocalScheduler.name(prefix, "namePrefix");
      }
      return page("Schedules", scheduler.listSchedules(query.get("ScheduleGroup"), prefix, query.get("State")), query);
    }
    if (path.equals("/schedule-groups") && method.equals("GET")) {
      return page("ScheduleGroups", scheduler.listGroups(query.get("NamePrefix")), query);
    }
    if (path.startsWith("/tags/") && method.equals("GET")) {
      ObjectNode out = JSON.createObjectNode();
      ArrayNode tags = out.putArray("Tags");
      scheduler.tags(path.substring("/tags/".length())).forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
      return out;
    }
    throw unknown(request);
  }

  private static ObjectNode page(String field, List<ObjectNode> all, Map<String, String> query) {
    int max = MAX_PAGE;
    if (query.containsKey("MaxResults")) {
      try {
        max = Integer.parseInt(query.get("MaxResults"));
      } catch (NumberFormatException e) {
        max = 0;
      }
      if (max < 1 || max > MAX_PAGE) {
        throw SchedulerException.validation("MaxResults must be 1 to " + MAX_PAGE + ".");
      }
    }
    int from = 0;
    String token = query.get("NextToken");
    if (token != null) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (from < 0 || from > all.size()) {
        throw SchedulerException.validation("Invalid NextToken.");
      }
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray(field);
    int to = Math.min(all.size(), from + max);
    all.subList(from, to).forEach(list::add);
    if (to < all.size()) {
      out.put("NextToken", String.valueOf(to));
    }
    return out;
  }

  private static JsonNode body(LocalRequest request) {
    if (request.body().length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode body = JSON.readTree(request.body());
      if (body == null || !body.isObject()) {
        throw SchedulerException.validation("The request body must be a JSON object.");
      }
      return body;
    } catch (IOException e) {
      throw SchedulerException.validation("The request body is not JSON: " + e.getMessage());
    }
  }

  private static SchedulerException unknown(LocalRequest request) {
    return SchedulerException.validation(
        "The local Scheduler does not serve " + request.method() + " " + request.path() + ".");
  }

  private static LocalResponse ok(JsonNode body) {
    return new LocalResponse(200, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
