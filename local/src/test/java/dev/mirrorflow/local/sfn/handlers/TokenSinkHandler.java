package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Hands the task token of its input ({@code token}) to the test, which answers it. */
public final class TokenSinkHandler implements RequestStreamHandler {
  public static final BlockingQueue<String> TOKENS = new LinkedBlockingQueue<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    TOKENS.add(JSON.readTree(input).path("token").asText());
    output.write("{}".getBytes());
  }
}
