package dev.mirrorflow.local.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.handler.PlanSubnetHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PlanSubnet step, except that the next {@link #HANGS} invocations never answer: Lambda ends
 * them at the function's timeout, as it ends a step stuck on a dead connection.
 */
public final class HangingOncePlanSubnetHandler implements RequestStreamHandler {
  static final AtomicInteger HANGS = new AtomicInteger();

  private final PlanSubnetHandler delegate;

  public HangingOncePlanSubnetHandler(Environment env, java.time.Clock clock) {
    this.delegate = new PlanSubnetHandler(env, clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    if (HANGS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    delegate.handleRequest(input, output, context);
  }
}
