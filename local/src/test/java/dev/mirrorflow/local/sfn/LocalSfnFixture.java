package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalServer;
import dev.mirrorflow.local.http.ServiceHandler;
import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.lambda.LambdaService;
import dev.mirrorflow.local.lambda.LocalLambda;
import dev.mirrorflow.local.sfn.handlers.BigOutputHandler;
import dev.mirrorflow.local.sfn.handlers.BlockingHandler;
import dev.mirrorflow.local.sfn.handlers.EchoHandler;
import dev.mirrorflow.local.sfn.handlers.EnvironmentHandler;
import dev.mirrorflow.local.sfn.handlers.FailingHandler;
import dev.mirrorflow.local.sfn.handlers.FlakyHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * A local server with the local Lambda and Step Functions registered, an SDK client against it, and
 * the test handlers deployed as functions. The clock runs 1000 times faster than real time.
 */
final class LocalSfnFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "000000000000";
  /** Generous, because the clock is sped up: 10 virtual hours are 36 real seconds. */
  static final Duration FUNCTION_TIMEOUT = Duration.ofHours(10);

  final LocalClock clock = LocalClock.speeded(1000);
  final LocalServer server = LocalServer.create(0);
  final LocalLambda lambda;
  final LocalStepFunctions engine;
  final SfnClient sfn;

  LocalSfnFixture(ServiceHandler... extraServices) throws IOException {
    lambda = new LocalLambda(server::endpoint, REGION, ACCOUNT, clock);
    engine = new LocalStepFunctions(clock, lambda, server, REGION, ACCOUNT);
    server.register(new StepFunctionsService(engine)).register(new LambdaService(lambda));
    for (ServiceHandler s : extraServices) {
      server.register(s);
    }
    server.start();
    for (Map.Entry<String, Class<?>> f : Map.<String, Class<?>>of(
        "echo", EchoHandler.class, "flaky", FlakyHandler.class, "failing", FailingHandler.class,
        "blocking", BlockingHandler.class, "big", BigOutputHandler.class, "env", EnvironmentHandler.class).entrySet()) {
      lambda.createFunction(new LambdaFunction(f.getKey(), f.getValue().getName(), Map.of("GREETING", "hello"), FUNCTION_TIMEOUT));
    }
    sfn = LocalClients.sfn(server.endpoint());
  }

  static String functionArn(String name) {
    return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
  }

  /** Creates a Standard state machine with a unique name and returns its ARN. */
  String create(String definition) {
    return sfn.createStateMachine(b -> b.name("sm-" + UUID.randomUUID())
        .definition(definition).roleArn("arn:aws:iam::" + ACCOUNT + ":role/test")).stateMachineArn();
  }

  /** Runs an execution to its end through the API and describes it. */
  DescribeExecutionResponse run(String definition, String input) {
    String arn = create(definition);
    String executionArn = sfn.startExecution(b -> b.stateMachineArn(arn).input(input)).executionArn();
    await(executionArn);
    return sfn.describeExecution(b -> b.executionArn(executionArn));
  }

  void await(String executionArn) {
    engine.execution(executionArn).orElseThrow().await(Duration.ofSeconds(60));
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  List<String> eventTypes(String executionArn) {
    return sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000)).events().stream()
        .map(e -> e.typeAsString()).toList();
  }

  @Override
  public void close() {
    sfn.close();
    engine.close();
    lambda.close();
    server.close();
  }
}
