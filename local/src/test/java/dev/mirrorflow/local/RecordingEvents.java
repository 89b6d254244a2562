package dev.mirrorflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for EventBridge in tests: records every PutEvents entry and accepts them all. */
public final class RecordingEvents implements ServiceHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every entry put so far, in order. */
  public final List<JsonNode> entries = new CopyOnWriteArrayList<>();

  @Override
  public boolean accepts(LocalRequest request) {
    return "AWSEvents.PutEvents".equals(request.header("x-amz-target"));
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    readTree(request.bodyAsString()).get("Entries").forEach(entries::add);
    return LocalResponse.json(200, "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"1\"}]}");
  }

  /** The details of the entries put so far from {@code source}, in order. */
  public List<JsonNode> details(String source) {
    return entries.stream().filter(e -> e.get("Source").asText().equals(source)).map(RecordingEvents::detail).toList();
  }

  /** An entry's Detail, parsed. */
  public static JsonNode detail(JsonNode entry) {
    return readTree(entry.get("Detail").asText());
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
