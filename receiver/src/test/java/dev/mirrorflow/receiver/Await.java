package dev.mirrorflow.receiver;

import java.util.function.BooleanSupplier;

/** Waits for a condition another thread makes true (polling, with a generous deadline that only a hang reaches). */
public final class Await {
  private Await() {}

  public static void until(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(5);
    }
  }
}
