package dev.mirrorflow.receiver.replay;

import java.util.List;
import java.util.Map;

/**
 * An HTTP/1.x request found in mirrored traffic, as its client sent it.
 *
 * @param headers in their original order, names as sent
 * @param capturedAtMicros when its last byte was received
 */
public record CapturedRequest(
    FlowKey flow, String method, String uri, String protocolVersion, List<Map.Entry<String, String>> headers,
    byte[] body, long capturedAtMicros) {

  public CapturedRequest {
    headers = List.copyOf(headers);
  }

  /** The path of the request target, without its query. */
  public String path() {
    String target = uri;
    int scheme = target.indexOf("://");
    if (scheme >= 0) {
      int slash = target.indexOf('/', scheme + 3);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
  }
}
