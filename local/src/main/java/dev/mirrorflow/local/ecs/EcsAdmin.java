package dev.mirrorflow.local.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mirrorflow.local.ec2.LocalEc2Exception;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The simulated ECS's admin API, JSON over HTTP under {@value #PREFIX} (in-process code calls {@link
 * LocalEcs} directly):
 *
 * <pre>
 * GET    /_mirrorflow/ecs/tasks              every task
 * POST   /_mirrorflow/ecs/tasks              RunTask-like: {"subnetId", "cluster"?, "family"?}; answers the RUNNING task
 * DELETE /_mirrorflow/ecs/tasks/{taskId}     StopTask-like (id or URL-encoded ARN), ?reason=...; answers the STOPPED task
 * </pre>
 *
 * Errors answer {@code {"error": code, "message": ...}} with 400 (bad input) or 404 (no such task, subnet or route).
 */
public final class EcsAdmin implements ServiceHandler {
  /** The admin routes' prefix. */
  public static final String PREFIX = "/_mirrorflow/ecs/";
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final LocalEcs ecs;

  public EcsAdmin(LocalEcs ecs) {
    this.ecs = ecs;
  }

  @Override
  public boolean accepts(LocalRequest request) {
    return request.path().startsWith(PREFIX);
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    String route = request.path().substring(PREFIX.length());
    String method = request.method();
    try {
      if (route.equals("tasks") && method.equals("GET")) {
        return ok(Map.of("tasks", ecs.tasks()));
      }
      if (route.equals("tasks") && method.equals("POST")) {
        JsonNode body = body(request);
        String subnetId = body.path("subnetId").asText(null);
        if (subnetId == null) {
          throw new IllegalArgumentException("a task needs a \"subnetId\" for its ENI, e.g. {\"subnetId\":\"subnet-0a1b2c3d\"}");
        }
        return ok(ecs.runTask(body.path("cluster").asText(null), body.path("family").asText(null), subnetId));
      }
      if (route.startsWith("tasks/") && method.equals("DELETE")) {
        String id = java.net.URLDecoder.decode(route.substring("tasks/".length()), StandardCharsets.UTF_8);
        if (ecs.task(id).isEmpty()) {
          return error(404, "InvalidParameterException", "no task " + id);
        }
        return ok(ecs.stopTask(id, request.queryParameters().get("reason")));
      }
      return error(404, "NotFound", "no admin route " + method + " " + request.path()
          + "; see EcsAdmin's Javadoc for the routes under " + PREFIX);
    } catch (LocalEc2Exception e) {
      return error(e.code().endsWith(".NotFound") ? 404 : 400, e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(400, "InvalidRequest", e.getMessage());
    }
  }

  private static JsonNode body(LocalRequest request) {
    String text = request.bodyAsString();
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (!(node instanceof ObjectNode)) {
        throw new IllegalArgumentException("the admin API takes a JSON object as its body");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static LocalResponse ok(Object value) {
    try {
      return new LocalResponse(200, "application/json", JSON.writeValueAsBytes(value), Map.of());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the admin answer as JSON: " + e.getMessage(), e);
    }
  }

  private static LocalResponse error(int status, String code, String message) {
    ObjectNode node = JSON.createObjectNode().put("error", code).put("message", message);
    return new LocalResponse(status, "application/json", node.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
