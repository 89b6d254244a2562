package dev.mirrorflow.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalServer;
import dev.mirrorflow.local.sfn.handlers.BlockingHandler;
import dev.mirrorflow.local.sfn.handlers.StallingHandler;
import dev.mirrorflow.local.sfn.handlers.EchoHandler;
import dev.mirrorflow.local.sfn.handlers.EnvironmentHandler;
import dev.mirrorflow.local.sfn.handlers.FailingHandler;
import dev.mirrorflow.local.sfn.handlers.RemainingTimeHandler;
import dev.mirrorflow.local.sfn.handlers.TestFailureException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalLambdaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalClock clock = LocalClock.speeded(100);
  private LocalServer server;
  private LocalLambda lambda;

  @BeforeEach
  void start() throws Exception {
    server = LocalServer.create(0);
    lambda = new LocalLambda(server::endpoint, "us-east-1", "000000000000", clock);
    server.register(new LambdaService(lambda)).start();
  }

  @AfterEach
  void stop() {
    lambda.close();
    server.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void invoke_whenHandlerTakesEnvironment_constructsOnceWithLocalEndpointAndVariables() throws Exception {
    lambda.createFunction(new LambdaFunction("env", EnvironmentHandler.class.getName(), Map.of("GREETING", "hi"), Duration.ofHours(1)));
    int before = EnvironmentHandler.CONSTRUCTED.get();
    Invocation first = lambda.invoke("env", bytes("{}"));
    Invocation second = lambda.invoke("arn:aws:lambda:us-east-1:000000000000:function:env", bytes("{}"));
    JsonNode out = JSON.readTree(second.payload());
    assertThat(first.failed()).isFalse();
    assertThat(out.get("endpoint").asText()).isEqualTo(server.endpoint().toString());
    assertThat(out.get("region").asText()).isEqualTo("us-east-1");
    assertThat(out.get("greeting").asText()).isEqualTo("hi");
    assertThat(out.get("function").asText()).isEqualTo("env");
    assertThat(EnvironmentHandler.CONSTRUCTED.get() - before).isEqualTo(1);
    assertThat(lambda.invocationCount("env")).isEqualTo(2);
  }

  @Test
  void invoke_whenHandlerThrows_reportsLambdaJavaRuntimeErrorDocument() throws Exception {
    lambda.createFunction(new LambdaFunction("failing", FailingHandler.class.getName(), Map.of(), Duration.ofHours(1)));
    Invocation result = lambda.invoke("failing", bytes("{\"message\":\"bad vpc\"}"));
    assertThat(result.functionError()).isEqualTo("Unhandled");
    assertThat(result.errorType()).isEqualTo(TestFailureException.class.getName());
    JsonNode doc = JSON.readTree(result.payload());
    assertThat(doc.get("errorType").asText()).isEqualTo(TestFailureException.class.getName());
    assertThat(doc.get("errorMessage").asText()).isEqualTo("bad vpc");
    assertThat(doc.get("stackTrace").get(0).asText()).contains("FailingHandler.handleRequest");
  }

  @Test
  void invoke_whenHandlerClassMissing_failsNamingTheClass() throws Exception {
    lambda.createFunction(LambdaFunction.of("ghost", "dev.mirrorflow.activities.handler.GhostHandler"));
    Invocation result = lambda.invoke("ghost", bytes("{}"));
    assertThat(result.errorType()).isEqualTo("java.lang.ClassNotFoundException");
    assertThat(JSON.readTree(result.payload()).get("errorMessage").asText())
        .contains("dev.mirrorflow.activities.handler.GhostHandler").contains("ghost");
  }

  @Test
  void invoke_whenHandlerAsksRemainingTime_isTheTimeoutLessWhatHasPassed() throws Exception {
    lambda.createFunction(new LambdaFunction("short", RemainingTimeHandler.class.getName(), Map.of(), Duration.ofSeconds(3)));
    lambda.createFunction(new LambdaFunction("long", RemainingTimeHandler.class.getName(), Map.of(), Duration.ofHours(1)));

    long shortLeft = JSON.readTree(lambda.invoke("short", bytes("{}")).payload()).get("remainingMillis").asLong();
    long longLeft = JSON.readTree(lambda.invoke("long", bytes("{}")).payload()).get("remainingMillis").asLong();

    assertThat(shortLeft).isBetween(0L, 3_000L);
    assertThat(longLeft).isGreaterThan(3_000L).isLessThanOrEqualTo(3_600_000L);
  }

  @Test
  void invoke_whenSlowerThanTimeout_failsWithSandboxTimedout() {
    lambda.createFunction(new LambdaFunction("slow", BlockingHandler.class.getName(), Map.of(), Duration.ofSeconds(3)));
    Invocation result = lambda.invoke("slow", bytes("{}"));
    assertThat(result.errorType()).isEqualTo("Sandbox.Timedout");
    assertThat(result.sandboxFailed()).isTrue();
    assertThat(result.payloadAsString()).contains("Task timed out after 3.00 seconds");
  }

  @Test
  void invoke_whenHandlerRunsOutOfMemory_failsWithRuntimeExitError() throws Exception {
    lambda.createFunction(LambdaFunction.of("hungry", StallingHandler.class.getName()));
    Invocation result = lambda.invoke("hungry", bytes("{\"key\":\"" + java.util.UUID.randomUUID() + "\",\"mode\":\"oom\",\"failures\":1}"));
    assertThat(result.errorType()).isEqualTo("Runtime.ExitError");
    assertThat(result.sandboxFailed()).isTrue();
    assertThat(JSON.readTree(result.payload()).get("errorMessage").asText()).contains("Runtime exited with error");
  }

  @Test
  void invoke_whenFunctionUnknown_throwsFunctionNotFound() {
    assertThatThrownBy(() -> lambda.invoke("nobody", bytes("{}")))
        .isInstanceOf(FunctionNotFoundException.class).hasMessageContaining("function:nobody");
  }

  @Test
  void restInvoke_whenCalledOverHttp_answersPayloadOrFunctionError() throws Exception {
    lambda.createFunction(new LambdaFunction("echo", EchoHandler.class.getName(), Map.of(), Duration.ofHours(1)));
    lambda.createFunction(new LambdaFunction("failing", FailingHandler.class.getName(), Map.of(), Duration.ofHours(1)));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(
        URI.create(server.endpoint() + "/2015-03-31/functions/echo/invocations"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"a\":1}");
    assertThat(ok.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    HttpResponse<String> failed = http.send(HttpRequest.newBuilder(
        URI.create(server.endpoint() + "/2015-03-31/functions/failing/invocations"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(failed.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    assertThat(JSON.readTree(failed.body()).get("errorType").asText()).isEqualTo(TestFailureException.class.getName());
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
        URI.create(server.endpoint() + "/2015-03-31/functions/nobody/invocations"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
  }

  @Test
  void invoke_whenReservedConcurrencyIsInUse_isThrottledWithTooManyRequests() throws Exception {
    GateHandler.reset();
    lambda.createFunction(new LambdaFunction("gated", GateHandler.class.getName(), Map.of(), Duration.ofHours(1), 1));
    java.util.concurrent.CompletableFuture<Invocation> first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> lambda.invoke("gated", bytes("{}")));
    assertThat(GateHandler.entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> lambda.invoke("gated", bytes("{}")))
        .isInstanceOf(TooManyRequestsException.class)
        .hasMessageContaining(TooManyRequestsException.RESERVED_LIMIT);
    HttpResponse<String> http = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/2015-03-31/functions/gated/invocations"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(http.statusCode()).isEqualTo(429);
    assertThat(http.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");

    GateHandler.gate.countDown();
    assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).failed()).isFalse();
    assertThat(lambda.invoke("gated", bytes("{}")).failed()).as("the instance is free again").isFalse();
    assertThat(lambda.throttleCount("gated")).isEqualTo(2);
    assertThat(lambda.invocationCount("gated")).as("throttled invocations never ran").isEqualTo(2);
    assertThat(lambda.peakConcurrency("gated")).isEqualTo(1);
  }

  @Test
  void invoke_whenReservedConcurrencyIsZero_isAlwaysThrottled() {
    lambda.createFunction(new LambdaFunction("off", EchoHandler.class.getName(), Map.of(), Duration.ofHours(1), 0));
    assertThatThrownBy(() -> lambda.invoke("off", bytes("{}"))).isInstanceOf(TooManyRequestsException.class);
  }

  @Test
  void createFunction_whenReservedConcurrencyNegative_refuses() {
    assertThatThrownBy(() -> new LambdaFunction("neg", EchoHandler.class.getName(), Map.of(), Duration.ofHours(1), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved concurrency");
  }
}
