package dev.mirrorflow.local.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP response from a service of the local cloud.
 *
 * @param status HTTP status code
 * @param contentType the Content-Type header
 * @param body the response body
 * @param headers further headers (for example {@code x-amzn-RequestId})
 */
public record LocalResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

  public LocalResponse {
    body = body == null ? new byte[0] : body;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A response in the AWS JSON protocol (Step Functions uses 1.0, EventBridge 1.1). */
  public static LocalResponse json(int status, String json) {
    return new LocalResponse(
        status, "application/x-amz-json-1.0", json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** An XML response, as the EC2 query protocol answers. */
  public static LocalResponse xml(int status, String xml) {
    return new LocalResponse(
        status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public LocalResponse withHeader(String name, String value) {
    Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
    copy.put(name, value);
    return new LocalResponse(status, contentType, body, copy);
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
