package dev.mirrorflow.local.dataplane;

import static dev.mirrorflow.local.http.AdminJson.body;
import static dev.mirrorflow.local.http.AdminJson.ok;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.http.AdminHandler;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data plane's admin API, JSON over HTTP under {@value #PREFIX} (in-process code calls {@link
 * DataPlane} directly):
 *
 * <pre>
 * GET    /_mirrorflow/dataplane/deliveries                  delivery addresses by target id
 * PUT    /_mirrorflow/dataplane/deliveries/{targetId}       {"address": "127.0.0.1:4789"}
 * POST   /_mirrorflow/dataplane/inject                      {"networkInterfaceId", "direction": "ingress"|"egress", "frame": base64 Ethernet frame}
 * POST   /_mirrorflow/dataplane/conversations               {"networkInterfaceId", "role": "server"|"client", "peer": "10.0.9.9",
 *                                                           "port": 80, "request": "GET / HTTP/1.1\r\n...", "response": "HTTP/1.1 200 OK\r\n..."}
 * GET    /_mirrorflow/dataplane/counters                    {"sessions": {id: {packets, bytes, truncated}}, "notMirrored": {reason: n}}
 * DELETE /_mirrorflow/dataplane/counters                    zero them
 * </pre>
 *
 * Errors answer {@code {"error": code, "message": ...}} with 400 (bad input) or 404 (no such ENI, target or route).
 */
public final class DataPlaneAdmin extends AdminHandler {
  /** The admin routes' prefix. */
  public static final String PREFIX = "/_mirrorflow/dataplane/";

  private final DataPlane dataPlane;

  public DataPlaneAdmin(DataPlane dataPlane) {
    super(PREFIX);
    this.dataPlane = dataPlane;
  }

  @Override
  protected LocalResponse serve(String method, String route, LocalRequest request) {
    if (route.equals("deliveries") && method.equals("GET")) {
      Map<String, String> out = new TreeMap<>();
      dataPlane.deliveries().forEach((id, a) -> out.put(id, a.getAddress().getHostAddress() + ":" + a.getPort()));
      return ok(Map.of("deliveries", out));
    }
    if (route.startsWith("deliveries/") && method.equals("PUT")) {
      String targetId = route.substring("deliveries/".length());
      InetSocketAddress address = address(required(body(request), "address"));
      dataPlane.deliverTo(targetId, address);
      return ok(Map.of("targetId", targetId, "address", address.getAddress().getHostAddress() + ":" + address.getPort()));
    }
    if (route.equals("inject") && method.equals("POST")) {
      JsonNode body = body(request);
      byte[] frame;
      try {
        frame = Base64.getDecoder().decode(required(body, "frame"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"frame\" must be a base64 Ethernet frame: " + e.getMessage(), e);
      }
      return ok(dataPlane.inject(required(body, "networkInterfaceId"), Direction.parse(required(body, "direction")), frame));
    }
    if (route.equals("conversations") && method.equals("POST")) {
      JsonNode body = body(request);
      String role = body.path("role").asText("server");
      if (!role.equals("server") && !role.equals("client")) {
        throw new IllegalArgumentException("\"role\" is the ENI's side: \"server\" or \"client\", got " + role);
      }
      int port = body.path("port").asInt(80);
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("\"port\" must be 1 to 65535, got " + port);
      }
      List<Injection> injected = dataPlane.injectConversation(required(body, "networkInterfaceId"), role.equals("server"),
          host(required(body, "peer")), port, body.path("request").asText("").getBytes(StandardCharsets.UTF_8),
          body.path("response").asText("").getBytes(StandardCharsets.UTF_8));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("packets", injected.size());
      out.put("mirrored", injected.stream().filter(Injection::mirrored).count());
      out.put("injections", injected);
      return ok(out);
    }
    if (route.equals("counters") && method.equals("GET")) {
      return ok(Map.of("sessions", dataPlane.counters(), "notMirrored", dataPlane.notMirrored()));
    }
    if (route.equals("counters") && method.equals("DELETE")) {
      dataPlane.resetCounters();
      return ok(Map.of());
    }
    return noRoute(request);
  }

  private static String required(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || n.asText().isBlank()) {
      throw new IllegalArgumentException("\"" + field + "\" is required");
    }
    return n.asText();
  }

  private static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("an address is host:port, e.g. 127.0.0.1:4789; got " + text);
    }
    try {
      return new InetSocketAddress(host(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + text.substring(colon + 1), e);
    }
  }

  private static InetAddress host(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + text, e);
    }
  }
}
