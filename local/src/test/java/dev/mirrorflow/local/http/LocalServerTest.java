package dev.mirrorflow.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalServer server;

  /** A service that accepts one X-Amz-Target and echoes the body, recording what it saw. */
  static final class Echo implements ServiceHandler {
    final String target;
    final List<LocalRequest> seen = new CopyOnWriteArrayList<>();

    Echo(String target) {
      this.target = target;
    }

    @Override
    public boolean accepts(LocalRequest request) {
      return target.equals(request.header("x-amz-target"));
    }

    @Override
    public LocalResponse handle(LocalRequest request) {
      seen.add(request);
      if (request.bodyAsString().equals("boom")) {
        throw new IllegalStateException("exploded");
      }
      return LocalResponse.json(200, request.bodyAsString()).withHeader("x-amzn-RequestId", "fixed-id");
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void start_whenPortZero_bindsFreeLoopbackPort() throws Exception {
    server = LocalServer.create(0).start();

    assertThat(server.port()).isPositive();
    assertThat(server.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
  }

  @Test
  void serve_whenTwoServices_routesToTheOneThatAccepts() throws Exception {
    Echo first = new Echo("A.Op");
    Echo second = new Echo("B.Op");
    server = LocalServer.create(0).register(first).register(second).start();

    HttpResponse<String> response = post("B.Op", "{\"x\":1}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"x\":1}");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).contains("fixed-id");
    assertThat(first.seen).isEmpty();
    assertThat(second.seen).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/");
    });
  }

  @Test
  void serve_whenNoServiceAccepts_answers404UnknownOperationWithRequestId() throws Exception {
    server = LocalServer.create(0).register(new Echo("A.Op")).start();

    HttpResponse<String> response = post("Nobody.Op", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("UnknownOperationException").contains("Nobody.Op");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void dispatch_whenServiceThrows_answers500InternalFailure() {
    server = LocalServer.create(0).register(new Echo("A.Op"));

    LocalResponse response = server.dispatch(LocalRequest.awsJson("A.Op", "boom"));

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.bodyAsString()).contains("InternalFailure").contains("exploded");
  }

  @Test
  void create_whenPortOutOfRange_failsAndPortBeforeStartFails() {
    assertThatThrownBy(() -> LocalServer.create(70000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalServer.create(0).port()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_whenStopped_refusesConnections() throws Exception {
    server = LocalServer.create(0).start();
    URI endpoint = server.endpoint();
    server.close();

    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  private HttpResponse<String> post(String target, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(server.endpoint())
        .header("X-Amz-Target", target)
        .header("Content-Type", "application/x-amz-json-1.0")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
