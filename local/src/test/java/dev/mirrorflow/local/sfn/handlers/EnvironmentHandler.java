package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.aws.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** Reports the environment it was constructed with, and how many instances exist. */
public final class EnvironmentHandler implements RequestStreamHandler {
  public static final AtomicInteger CONSTRUCTED = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Environment environment;

  public EnvironmentHandler(Environment environment) {
    this.environment = environment;
    CONSTRUCTED.incrementAndGet();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    output.write(JSON.createObjectNode()
        .put("region", environment.region())
        .put("endpoint", environment.endpointOverride().map(Object::toString).orElse(null))
        .put("greeting", environment.variable("GREETING", "none"))
        .put("function", context.getFunctionName())
        .toString().getBytes());
  }
}
