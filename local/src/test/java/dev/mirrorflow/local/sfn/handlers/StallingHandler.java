package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first {@code failures} times it sees a {@code key}, fails the way only the sandbox can: with
 * {@code "mode":"hang"} it never answers (the function's timeout ends it), with {@code "mode":"oom"}
 * it runs out of memory. Then it answers {@code {"key", "attempts"}}.
 */
public final class StallingHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode in = JSON.readTree(input);
    String key = in.path("key").asText();
    int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (attempt <= in.path("failures").asInt()) {
      if ("oom".equals(in.path("mode").asText())) {
        throw new OutOfMemoryError("Java heap space");
      }
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    output.write(JSON.createObjectNode().put("key", key).put("attempts", attempt).toString()
        .getBytes(StandardCharsets.UTF_8));
  }
}
