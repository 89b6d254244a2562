package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Always throws {@link TestFailureException} with the input's {@code message}. */
public final class FailingHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    throw new TestFailureException(JSON.readTree(input).path("message").asText("failed"));
  }
}
