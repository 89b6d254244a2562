package dev.mirrorflow.local.ecs;

import static dev.mirrorflow.local.http.AdminJson.body;
import static dev.mirrorflow.local.http.AdminJson.error;
import static dev.mirrorflow.local.http.AdminJson.ok;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.http.AdminHandler;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
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
public final class EcsAdmin extends AdminHandler {
  /** The admin routes' prefix. */
  public static final String PREFIX = "/_mirrorflow/ecs/";

  private final LocalEcs ecs;

  public EcsAdmin(LocalEcs ecs) {
    super(PREFIX);
    this.ecs = ecs;
  }

  @Override
  protected LocalResponse serve(String method, String route, LocalRequest request) {
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
    return noRoute(request);
  }
}
