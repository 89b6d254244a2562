package dev.mirrorflow.local.sfn;

import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalServer;
import dev.mirrorflow.local.lambda.LambdaFunction;
import dev.mirrorflow.local.lambda.LambdaService;
import dev.mirrorflow.local.lambda.LocalLambda;
import dev.mirrorflow.local.sfn.handlers.EchoHandler;
import dev.mirrorflow.local.sfn.handlers.FailingHandler;
import java.util.Map;
import java.time.Duration;

/**
 * Keeps a local server with Step Functions and Lambda up for trying the AWS CLI by hand:
 * {@code java -cp ... dev.mirrorflow.local.sfn.SfnDevServer [port]}; stops when stdin closes.
 */
public final class SfnDevServer {
  private SfnDevServer() {}

  public static void main(String[] args) throws Exception {
    LocalClock clock = LocalClock.create();
    LocalServer server = LocalServer.create(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    LocalLambda lambda = new LocalLambda(server::endpoint, "us-east-1", "000000000000", clock);
    LocalStepFunctions engine = new LocalStepFunctions(clock, lambda, server, "us-east-1", "000000000000");
    server.register(new StepFunctionsService(engine)).register(new LambdaService(lambda)).start();
    lambda.createFunction(new LambdaFunction("echo", EchoHandler.class.getName(), Map.of(), Duration.ofMinutes(1)));
    lambda.createFunction(new LambdaFunction("failing", FailingHandler.class.getName(), Map.of(), Duration.ofMinutes(1)));
    System.out.println("listening on " + server.endpoint());
    System.in.read();
    engine.close();
    lambda.close();
    server.close();
  }
}
