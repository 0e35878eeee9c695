package io.scaleproof.cluster.sim.autoscaling;

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

  /** Runs {@code task} {@code initialDelay} from now, then every {@code period}, not drifting. */
  default void every(Duration initialDelay, Duration period, Runnable task) {
    Instant first = now().plus(initialDelay);
    schedule(
        initialDelay,
        new Runnable() {
          private Instant due = first;

          @Override
          public void run() {
            due = due.plus(period);
            schedule(Duration.between(now(), due), this);
            task.run();
          }
        });
  }

  @Override
  void close();
}
