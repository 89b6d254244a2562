package dev.mirrorflow.local.sfn.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Measures how many invocations run at once: each one waits until {@link #target} are running (or
 * all {@link #total} have started), so that a cap below the target shows as a lower maximum and a
 * missing cap as a higher one.
 */
public final class ConcurrencyHandler implements RequestStreamHandler {
  private static final Object LOCK = new Object();
  private static int active;
  private static int started;
  private static int maximum;
  private static int target;
  private static int total;

  /** Resets the counters before a run of {@code totalInvocations} aiming at {@code concurrency}. */
  public static void reset(int concurrency, int totalInvocations) {
    synchronized (LOCK) {
      active = 0;
      started = 0;
      maximum = 0;
      target = concurrency;
      total = totalInvocations;
    }
  }

  public static int maximum() {
    synchronized (LOCK) {
      return maximum;
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    synchronized (LOCK) {
      active++;
      started++;
      maximum = Math.max(maximum, active);
      LOCK.notifyAll();
      long deadline = System.nanoTime() + 20_000_000_000L;
      try {
        while (active < target && started < total && System.nanoTime() < deadline) {
          LOCK.wait(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        active--;
      }
    }
    input.transferTo(output);
  }
}
