package dev.mirrorflow.local.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.handler.CreateSessionsHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The real CreateSessions step, after a one-shot hook that sees the batch first: lets a test change
 * the world between the plan and the creates (e.g. delete an ENI the batch names).
 */
public final class HookedCreateSessionsHandler implements RequestStreamHandler {
  /** Runs once, on the next batch, with the batch's JSON; then clears itself. */
  static final AtomicReference<Consumer<String>> BEFORE_NEXT_BATCH = new AtomicReference<>();

  private final CreateSessionsHandler delegate;

  public HookedCreateSessionsHandler(Environment env, java.time.Clock clock) {
    this.delegate = new CreateSessionsHandler(env, clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] batch = input.readAllBytes();
    Consumer<String> hook = BEFORE_NEXT_BATCH.getAndSet(null);
    if (hook != null) {
      hook.accept(new String(batch, java.nio.charset.StandardCharsets.UTF_8));
    }
    delegate.handleRequest(new ByteArrayInputStream(batch), output, context);
  }
}
