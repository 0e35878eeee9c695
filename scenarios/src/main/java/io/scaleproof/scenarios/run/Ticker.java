package io.scaleproof.scenarios.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task at a fixed rate on a daemon thread of its own, until closed. */
final class Ticker implements AutoCloseable {
  private final ScheduledExecutorService executor;

  private Ticker(String name) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Runs {@code task} after {@code delay}, then every {@code period}, on thread {@code name}. */
  static Ticker every(Duration period, Duration delay, String name, Runnable task) {
    Ticker ticker = new Ticker(name);
    ticker.executor.scheduleAtFixedRate(
        task, delay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return ticker;
  }

  /** Stops the ticks and waits for one in progress to end. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
