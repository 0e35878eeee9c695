package io.scaleproof.cluster.sim.kubelet;

import java.time.Duration;
import java.time.Instant;

/**
 * The kubelet's restart back-off for one container ({@code flowcontrol.Backoff} as {@code
 * doBackOff} uses it): the first restart after a crash is immediate; each later one waits the
 * current delay, which then doubles up to the maximum; a container that ran without crashing for
 * twice the maximum starts again from the beginning.
 */
public final class CrashBackoff {
  private final Duration initial;
  private final Duration max;
  private Duration current;
  private Instant lastCrash;

  public CrashBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records a container exit at {@code finishedAt}; returns how long to wait before restarting. */
  public synchronized Duration onExit(Instant finishedAt) {
    boolean expired =
        lastCrash != null
            && Duration.between(lastCrash, finishedAt).compareTo(max.multipliedBy(2)) > 0;
    Duration delay;
    if (current == null || expired) {
      delay = Duration.ZERO;
      current = initial;
    } else {
      delay = current;
      current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
    }
    lastCrash = finishedAt;
    return delay;
  }
}
