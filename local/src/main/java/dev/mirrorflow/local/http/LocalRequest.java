package dev.mirrorflow.local.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a service of the local cloud sees it. Header names are lower case.
 *
 * @param method HTTP method, upper case
 * @param path the decoded path, e.g. {@code /} or {@code /2015-03-31/functions/x/invocations}
 * @param rawQuery the undecoded query string, or empty
 * @param headers header values by lower-case name
 * @param body the request body, possibly empty
 */
public record LocalRequest(
    String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

  public LocalRequest {
    rawQuery = rawQuery == null ? "" : rawQuery;
    body = body == null ? new byte[0] : body;
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = Map.copyOf(lower);
  }

  /** A POST with a JSON body, as the AWS JSON protocol sends it ({@code X-Amz-Target}). */
  public static LocalRequest awsJson(String target, String json) {
    return new LocalRequest(
        "POST",
        "/",
        "",
        Map.of(
            "x-amz-target", List.of(target),
            "content-type", List.of("application/x-amz-json-1.0")),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** This request with one more header (replacing a header of the same name). */
  public LocalRequest withHeader(String name, String value) {
    Map<String, List<String>> copy = new LinkedHashMap<>(headers);
    copy.put(name.toLowerCase(Locale.ROOT), List.of(value));
    return new LocalRequest(method, path, rawQuery, copy, body);
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Query-string parameters, decoded; a repeated name keeps its first value. */
  public Map<String, String> queryParameters() {
    return decodeForm(rawQuery);
  }

  /**
   * The parameters of an AWS query-protocol request (EC2): the form-encoded body merged over the
   * query string.
   */
  public Map<String, String> formParameters() {
    Map<String, String> params = new LinkedHashMap<>(decodeForm(rawQuery));
    String contentType = header("content-type");
    if (contentType == null || contentType.startsWith("application/x-www-form-urlencoded")) {
      params.putAll(decodeForm(bodyAsString()));
    }
    return params;
  }

  static Map<String, String> decodeForm(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }
}
