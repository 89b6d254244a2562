package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers a JSON string of 300 KiB, more than a state may output. */
public final class BigOutputHandler implements RequestStreamHandler {
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    output.write(("\"" + "x".repeat(300 * 1024) + "\"").getBytes(StandardCharsets.UTF_8));
  }
}
