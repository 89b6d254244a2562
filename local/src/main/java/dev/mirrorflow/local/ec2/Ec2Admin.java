package dev.mirrorflow.local.ec2;

import static dev.mirrorflow.local.http.AdminJson.body;
import static dev.mirrorflow.local.http.AdminJson.error;
import static dev.mirrorflow.local.http.AdminJson.ok;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.http.AdminHandler;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local EC2's admin API: JSON over HTTP under {@value #PREFIX}, for tests and demos in another
 * process (in-process code calls {@link Ec2Service} and {@link Ec2World} directly).
 *
 * <pre>
 * GET    /_mirrorflow/ec2/state                     the whole world, with tags
 * POST   /_mirrorflow/ec2/scenario                  seed a {@link Scenario}; answers {"ids":{ref:id}}
 * POST   /_mirrorflow/ec2/reset                     empty world, default knobs, zero counters
 * POST   /_mirrorflow/ec2/instances                 {"subnetId","instanceType","count","tags"}
 * POST   /_mirrorflow/ec2/network-interfaces        {"id","subnetId","interfaceType","requesterManaged","description","instanceId","tags"}
 * DELETE /_mirrorflow/ec2/network-interfaces/{id}   out of band: detach if needed, delete with its sessions
 * DELETE /_mirrorflow/ec2/sessions/{id}             out of band
 * GET    /_mirrorflow/ec2/knobs                     current knobs
 * POST   /_mirrorflow/ec2/knobs                     any of {"sessionLimit","targetSourceLimit","unsupportedInstanceTypes",
 *                                                   "throttling","stateChangeEvents","describeBucket":{"capacity","refillPerSecond"},
 *                                                   "mutatingBucket":{...},"latencyMillis":{"min","max"}}
 * POST   /_mirrorflow/ec2/faults                    {"action","count","code","loseResponse"}
 * DELETE /_mirrorflow/ec2/faults                    clear planned faults
 * GET    /_mirrorflow/ec2/calls                     {"total":n,"byAction":{action:n}}
 * DELETE /_mirrorflow/ec2/calls                     zero the counters
 * </pre>
 *
 * Errors answer {@code {"error": code, "message": ...}} with 400 (bad input) or 404 (no such route or resource).
 */
final class Ec2Admin extends AdminHandler {
  static final String PREFIX = "/_mirrorflow/ec2/";

  private final Ec2Service service;

  Ec2Admin(Ec2Service service) {
    super(PREFIX);
    this.service = service;
  }

  @Override
  protected LocalResponse serve(String method, String route, LocalRequest request) {
    Ec2World world = service.world();
    if (route.equals("state") && method.equals("GET")) {
      return ok(state(world));
    }
    if (route.equals("scenario") && method.equals("POST")) {
      Map<String, String> ids = service.seed(Scenario.parse(request.bodyAsString()));
      return ok(Map.of("ids", ids));
    }
    if (route.equals("reset") && method.equals("POST")) {
      world.clear();
      service.knobs().reset();
      service.refillBuckets();
      service.resetCallCounts();
      return ok(Map.of());
    }
    if (route.equals("instances") && method.equals("POST")) {
      JsonNode body = body(request);
      List<Instance> launched = world.runInstances(text(body, "subnetId"),
          body.path("instanceType").asText("m5.large"), body.path("count").asInt(1), map(body.get("tags")), Map.of());
      return ok(Map.of("instances", launched));
    }
    if (route.equals("network-interfaces") && method.equals("POST")) {
      JsonNode body = body(request);
      NetworkInterface eni = world.createNetworkInterface(new Ec2World.NewNetworkInterface(
          text(body, "id"), text(body, "subnetId"), text(body, "interfaceType"),
          body.path("requesterManaged").asBoolean(false), text(body, "description"), text(body, "instanceId"),
          map(body.get("tags"))));
      return ok(eni);
    }
    if (route.startsWith("network-interfaces/") && method.equals("DELETE")) {
      String id = route.substring("network-interfaces/".length());
      NetworkInterface eni = world.networkInterface(id)
          .orElseThrow(() -> LocalEc2Exception.notFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", id));
      if (eni.attachment() != null) {
        world.detachNetworkInterface(eni.attachment().attachmentId(), true);
      }
      world.deleteNetworkInterface(id);
      return ok(Map.of("deleted", id));
    }
    if (route.startsWith("sessions/") && method.equals("DELETE")) {
      String id = route.substring("sessions/".length());
      world.deleteSession(id);
      return ok(Map.of("deleted", id));
    }
    if (route.equals("knobs") && method.equals("GET")) {
      return ok(knobs(service.knobs()));
    }
    if (route.equals("knobs") && method.equals("POST")) {
      setKnobs(service.knobs(), body(request));
      return ok(knobs(service.knobs()));
    }
    if (route.equals("faults") && method.equals("POST")) {
      JsonNode body = body(request);
      String action = text(body, "action");
      if (action == null) {
        throw new IllegalArgumentException("a fault needs an \"action\", e.g. \"CreateTrafficMirrorSession\"");
      }
      Ec2Knobs.Fault fault = body.path("loseResponse").asBoolean(false)
          ? Ec2Knobs.Fault.lostResponse()
          : Ec2Knobs.Fault.error(body.path("code").asText("InternalError"));
      service.knobs().failNext(action, body.path("count").asInt(1), fault);
      return ok(Map.of("action", action, "fault", fault));
    }
    if (route.equals("faults") && method.equals("DELETE")) {
      service.knobs().clearFaults();
      return ok(Map.of());
    }
    if (route.equals("calls") && method.equals("GET")) {
      Map<String, Long> counts = service.callCounts();
      return ok(Map.of("total", counts.values().stream().mapToLong(Long::longValue).sum(), "byAction", counts));
    }
    if (route.equals("calls") && method.equals("DELETE")) {
      service.resetCallCounts();
      return ok(Map.of());
    }
    return noRoute(request);
  }

  private static Map<String, Object> state(Ec2World world) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("vpcs", world.vpcs());
    out.put("subnets", world.subnets());
    out.put("instances", world.instances());
    out.put("networkInterfaces", world.networkInterfaces());
    out.put("targets", world.targets());
    out.put("filters", world.filters());
    out.put("sessions", world.sessions());
    out.put("tags", world.allTags());
    return out;
  }

  private static Map<String, Object> knobs(Ec2Knobs k) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sessionLimit", k.sessionLimit());
    out.put("targetSourceLimit", k.targetSourceLimit());
    out.put("unsupportedInstanceTypes", k.unsupportedInstanceTypes());
    out.put("throttling", k.throttling());
    out.put("stateChangeEvents", k.stateChangeEvents());
    out.put("describeBucket", k.describeBucket());
    out.put("mutatingBucket", k.mutatingBucket());
    out.put("latencyMillis", Map.of("min", k.minLatency().toMillis(), "max", k.maxLatency().toMillis()));
    return out;
  }

  private static void setKnobs(Ec2Knobs k, JsonNode body) {
    if (body.has("sessionLimit")) {
      k.sessionLimit(body.get("sessionLimit").asInt());
    }
    if (body.has("targetSourceLimit")) {
      k.targetSourceLimit(body.get("targetSourceLimit").asInt());
    }
    if (body.has("unsupportedInstanceTypes")) {
      List<String> patterns = new ArrayList<>();
      body.get("unsupportedInstanceTypes").forEach(n -> patterns.add(n.asText()));
      k.unsupportedInstanceTypes(patterns);
    }
    if (body.has("throttling")) {
      k.throttling(body.get("throttling").asBoolean());
    }
    if (body.has("stateChangeEvents")) {
      k.stateChangeEvents(body.get("stateChangeEvents").asBoolean());
    }
    if (body.has("describeBucket") || body.has("mutatingBucket")) {
      k.buckets(bucket(body.get("describeBucket"), k.describeBucket()), bucket(body.get("mutatingBucket"), k.mutatingBucket()));
    }
    if (body.has("latencyMillis")) {
      JsonNode l = body.get("latencyMillis");
      k.latency(Duration.ofMillis(l.path("min").asLong(0)), Duration.ofMillis(l.path("max").asLong(l.path("min").asLong(0))));
    }
  }

  private static Ec2Knobs.Bucket bucket(JsonNode node, Ec2Knobs.Bucket current) {
    if (node == null) {
      return current;
    }
    return new Ec2Knobs.Bucket(node.path("capacity").asInt(current.capacity()),
        node.path("refillPerSecond").asDouble(current.refillPerSecond()));
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
