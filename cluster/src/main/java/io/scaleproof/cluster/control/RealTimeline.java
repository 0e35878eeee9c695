package io.scaleproof.cluster.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The wall-clock timeline: one thread runs every task, so tasks never overlap, and tasks due at the
 * same instant run in the order they were scheduled, as on the virtual timeline.
 */
public final class RealTimeline implements Timeline {
  private final Clock clock;
  private final ScheduledExecutorService thread;

  public RealTimeline(Clock clock, String name) {
    this.clock = clock;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread t = new Thread(runnable, name);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public void schedule(Duration delay, Runnable task) {
    if (!thread.isShutdown()) {
      thread.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
