package dev.mirrorflow.local.events;

import dev.mirrorflow.local.clock.LocalClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs tasks at instants of the local clock's virtual time: one thread sleeps on the clock until
 * the earliest task is due, hands the due tasks to an executor, and sleeps again. Scheduling an
 * earlier task or cancelling one takes effect at once (the thread is woken up); a clock that is
 * sped up or advanced wakes it too.
 */
public final class ClockScheduler implements AutoCloseable {
  /** A scheduled task; {@link #cancel()} stops it from running if it has not started. */
  public final class Timer implements Comparable<Timer> {
    private final Instant due;
    private final long sequence;
    private final Runnable task;

    private Timer(Instant due, long sequence, Runnable task) {
      this.due = due;
      this.sequence = sequence;
      this.task = task;
    }

    public Instant due() {
      return due;
    }

    public void cancel() {
      synchronized (lock) {
        queue.remove(this);
      }
    }

    @Override
    public int compareTo(Timer other) {
      int c = due.compareTo(other.due);
      return c != 0 ? c : Long.compare(sequence, other.sequence);
    }
  }

  private final LocalClock clock;
  private final Executor executor;
  private final Object lock = new Object();
  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  public ClockScheduler(LocalClock clock, Executor executor, String name) {
    this.clock = clock;
    this.executor = executor;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  public Timer schedule(Instant due, Runnable task) {
    Timer timer = new Timer(due, sequence.incrementAndGet(), task);
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the scheduler is closed");
      }
      queue.add(timer);
      lock.notifyAll();
    }
    // Wake the thread from the clock's sleep so it looks at the new earliest task.
    thread.interrupt();
    return timer;
  }

  private void run() {
    while (!closed) {
      Instant next;
      synchronized (lock) {
        while (queue.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // A new task or close(): look again.
          }
        }
        if (closed) {
          return;
        }
        next = queue.peek().due;
      }
      try {
        clock.sleepUntil(next);
      } catch (InterruptedException e) {
        continue;
      }
      List<Timer> due = new ArrayList<>();
      synchronized (lock) {
        Instant now = clock.instant();
        while (!queue.isEmpty() && !queue.peek().due.isAfter(now)) {
          due.add(queue.poll());
        }
      }
      for (Timer timer : due) {
        executor.execute(timer.task);
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      queue.clear();
      lock.notifyAll();
    }
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
