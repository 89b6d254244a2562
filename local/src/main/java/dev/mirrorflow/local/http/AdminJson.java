package dev.mirrorflow.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The plain-JSON admin APIs' side of HTTP (EC2's, ECS's and the data plane's, under {@code /_mirrorflow/},
 * served by {@link AdminHandler}s): request
 * bodies as JSON objects, answers as JSON with ISO-8601 times, and errors as {@code {"error",
 * "message"}}.
 */
public final class AdminJson {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private AdminJson() {}

  /** The request's body as a JSON object, an empty one when blank; IllegalArgumentException otherwise. */
  public static JsonNode body(LocalRequest request) {
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

  /** A 200 answer carrying {@code value} as JSON. */
  public static LocalResponse ok(Object value) {
    try {
      return new LocalResponse(200, "application/json", JSON.writeValueAsBytes(value), Map.of());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the admin answer as JSON: " + e.getMessage(), e);
    }
  }

  /** An error answer: {@code {"error": code, "message": message}} with {@code status}. */
  public static LocalResponse error(int status, String code, String message) {
    ObjectNode node = JSON.createObjectNode().put("error", code).put("message", message);
    return new LocalResponse(status, "application/json", node.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
