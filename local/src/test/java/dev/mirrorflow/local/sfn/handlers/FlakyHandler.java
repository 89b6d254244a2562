package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fails with {@link TestFailureException} the first {@code failures} times it sees a {@code key},
 * then answers {@code {"key", "attempts"}}.
 */
public final class FlakyHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode in = JSON.readTree(input);
    String key = in.path("key").asText();
    int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (attempt <= in.path("failures").asInt()) {
      throw new TestFailureException("attempt " + attempt + " of " + key + " failed");
    }
    output.write(JSON.createObjectNode().put("key", key).put("attempts", attempt).toString().getBytes());
  }
}
