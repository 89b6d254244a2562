package dev.mirrorflow.local.sfn;

import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that hands each request to the local cloud's {@link AwsDispatcher} in-process,
 * so that the {@code aws-sdk:} integrations use the SDK's own marshalling (EC2's query protocol, its
 * XML answers) without a network hop.
 */
final class DispatcherHttpClient implements SdkHttpClient {
  private final AwsDispatcher dispatcher;

  DispatcherHttpClient(AwsDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        SdkHttpRequest http = request.httpRequest();
        byte[] body = new byte[0];
        if (request.contentStreamProvider().isPresent()) {
          try (InputStream in = request.contentStreamProvider().get().newStream()) {
            body = in.readAllBytes();
          }
        }
        List<String> query = new ArrayList<>();
        http.rawQueryParameters().forEach((k, values) -> {
          for (String v : values) {
            query.add(URLEncoder.encode(k, StandardCharsets.UTF_8)
                + (v == null ? "" : "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
          }
        });
        Map<String, List<String>> headers = new LinkedHashMap<>(http.headers());
        LocalResponse response = dispatcher.dispatch(new LocalRequest(
            http.method().name(),
            URLDecoder.decode(http.encodedPath().isEmpty() ? "/" : http.encodedPath(), StandardCharsets.UTF_8),
            String.join("&", query),
            headers,
            body));
        SdkHttpResponse.Builder out = SdkHttpResponse.builder().statusCode(response.status())
            .putHeader("Content-Type", response.contentType());
        response.headers().forEach(out::putHeader);
        return HttpExecuteResponse.builder()
            .response(out.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(response.body())))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public String clientName() {
    return "LocalDispatcher";
  }

  @Override
  public void close() {}
}
