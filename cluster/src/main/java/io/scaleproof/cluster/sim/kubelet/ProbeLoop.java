package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Probe;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A probe worker: after {@code initialDelaySeconds}, one attempt every {@code periodSeconds}; the
 * result flips only after {@code successThreshold} successes or {@code failureThreshold} failures
 * in a row (kubelet {@code prober/worker.go}). Readiness starts as failure, liveness as success.
 */
final class ProbeLoop {
  /** Told of every failed attempt (for the Unhealthy event) and of every change of result. */
  interface Listener {
    void failed(String message);

    void changed(boolean success);
  }

  private final Probe probe;
  private final Supplier<Prober.Result> attempt;
  private final Listener listener;
  private boolean result;
  private int streak;
  private boolean lastSuccess;
  private ScheduledFuture<?> task;

  ProbeLoop(Probe probe, boolean initial, Supplier<Prober.Result> attempt, Listener listener) {
    this.probe = probe;
    this.result = initial;
    this.lastSuccess = initial;
    this.attempt = attempt;
    this.listener = listener;
  }

  void start(ScheduledExecutorService scheduler) {
    long initialDelay = Prober.valueOr(probe.getInitialDelaySeconds(), 0) * 1000L;
    long period = Prober.valueOr(probe.getPeriodSeconds(), 10) * 1000L;
    task =
        scheduler.scheduleWithFixedDelay(this::tick, initialDelay, period, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private void tick() {
    Prober.Result outcome = attempt.get();
    streak = outcome.success() == lastSuccess ? streak + 1 : 1;
    lastSuccess = outcome.success();
    int threshold =
        outcome.success()
            ? Prober.valueOr(probe.getSuccessThreshold(), 1)
            : Prober.valueOr(probe.getFailureThreshold(), 3);
    if (!outcome.success()) {
      listener.failed(outcome.message());
    }
    if (outcome.success() != result && streak >= threshold) {
      result = outcome.success();
      listener.changed(result);
    }
  }
}
