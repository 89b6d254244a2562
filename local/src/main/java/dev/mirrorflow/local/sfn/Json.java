package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Jackson helpers shared by the engine. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** The most a state's input or output, or an execution's input, may hold. */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private Json() {}

  static JsonNode parse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null ? NullNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static int size(JsonNode node) {
    return write(node).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Raises {@code States.DataLimitExceeded} when a payload is larger than 256 KiB. */
  static JsonNode checkSize(JsonNode node, String what) {
    int size = size(node);
    if (size > MAX_PAYLOAD_BYTES) {
      throw new StatesException(
          StatesException.DATA_LIMIT_EXCEEDED,
          "The state/task '" + what + "' returned a result with a size exceeding the maximum number of bytes"
              + " service limit (" + size + " > " + MAX_PAYLOAD_BYTES + " bytes).");
    }
    return node;
  }

  /** A timestamp as the JSON 1.0 protocol sends it: epoch seconds with a fraction. */
  static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }
}
