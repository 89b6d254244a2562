package dev.mirrorflow.local.sfn;

/**
 * Whether the work of an execution, a Parallel branch or a Map iteration should go on. Cancelling a
 * scope (a stop, an execution timeout, a sibling branch failing) cancels all scopes below it; the
 * engine's waits poll it.
 */
final class Scope {
  private final Scope parent;
  private final Execution execution;
  private volatile boolean cancelled;

  private Scope(Scope parent, Execution execution) {
    this.parent = parent;
    this.execution = execution;
  }

  static Scope root(Execution execution) {
    return new Scope(null, execution);
  }

  Scope child() {
    return new Scope(this, execution);
  }

  void cancel() {
    cancelled = true;
  }

  boolean isCancelled() {
    for (Scope s = this; s != null; s = s.parent) {
      if (s.cancelled) {
        return true;
      }
    }
    return false;
  }

  /** Throws {@link Cancelled} when this work must stop. */
  void check() {
    if (isCancelled()) {
      throw new Cancelled();
    }
  }

  Execution execution() {
    return execution;
  }

  /** The work was stopped from outside; not an error any Retry or Catch may handle. */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled", null, false, false);
    }
  }
}
