package io.scaleproof.cluster.control;

import java.time.Duration;
import java.time.Instant;

/**
 * The one clock the autoscaler's actors (KEDA's poll loops, the HPA's syncs) run on: the current
 * time, and work scheduled at a time. {@link RealTimeline} runs on the wall clock; {@link
 * VirtualTimeline} jumps from one scheduled instant to the next, so that a day of production timers
 * runs in seconds, with a fixed order of work due at the same instant.
 */
public interface Timeline extends AutoCloseable {
  Instant now();

  /** Runs {@code task} once, {@code delay} from now. */
  void schedule(Duration delay, Runnable task);

  /**
   * Runs {@code task} {@code initialDelay} from now, then every {@code period}, not drifting, until
   * the returned handle is closed.
   */
  default Periodic every(Duration initialDelay, Duration period, Runnable task) {
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    Instant first = now().plus(initialDelay);
    schedule(
        initialDelay,
        new Runnable() {
          private Instant due = first;

          @Override
          public void run() {
            if (cancelled.get()) {
              return;
            }
            due = due.plus(period);
            schedule(Duration.between(now(), due), this);
            task.run();
          }
        });
    return () -> cancelled.set(true);
  }

  /**
   * Runs {@code task} {@code initialDelay} from now, then again {@code period} after each run has
   * ended, until the returned handle is closed. This is how a Kubernetes controller's work queue
   * resyncs a key: {@code processNextWorkItem} adds it back with {@code AddRateLimited} once it has
   * been processed, so two runs are never closer than the period, and they drift by each run's own
   * time. The HPA controller's syncs are timed this way, and its stabilization windows depend on
   * it: the recommendation four 5-second syncs ago is always older than a 20-second window.
   */
  default Periodic afterEach(Duration initialDelay, Duration period, Runnable task) {
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    schedule(
        initialDelay,
        new Runnable() {
          @Override
          public void run() {
            if (cancelled.get()) {
              return;
            }
            try {
              task.run();
            } finally {
              if (!cancelled.get()) {
                schedule(period, this);
              }
            }
          }
        });
    return () -> cancelled.set(true);
  }

  /** A periodic task's handle: closing it stops the task before its next run. */
  interface Periodic extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  void close();
}
