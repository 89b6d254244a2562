package dev.mirrorflow.local.console;

import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread makes true, failing after 30 s of real time. */
final class Awaits {
  private Awaits() {}

  static void until(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 30 s");
      }
      Thread.sleep(5);
    }
  }
}
