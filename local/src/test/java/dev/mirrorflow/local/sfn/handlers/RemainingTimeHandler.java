package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers {@code {"remainingMillis":n}}: what its context says is left of the invocation. */
public final class RemainingTimeHandler implements RequestStreamHandler {
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    output.write(("{\"remainingMillis\":" + context.getRemainingTimeInMillis() + "}").getBytes(StandardCharsets.UTF_8));
  }
}
