package dev.mirrorflow.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds every invocation until the test opens the gate, so that a test knows how many run at once. */
public final class GateHandler implements RequestStreamHandler {
  static volatile CountDownLatch entered = new CountDownLatch(1);
  static volatile CountDownLatch gate = new CountDownLatch(1);

  static void reset() {
    entered = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
    entered.countDown();
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    output.write("{}".getBytes(StandardCharsets.UTF_8));
  }
}
