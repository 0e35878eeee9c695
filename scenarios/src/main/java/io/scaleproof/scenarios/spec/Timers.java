package io.scaleproof.scenarios.spec;

import java.time.Duration;

/**
 * How fast the embedded cluster's control loops run. Upstream's own periods make a run long; a
 * pull-request run compresses them, which shortens every stage by the same few seconds without
 * changing what is decided.
 */
public enum Timers {
  /** HPA sync every 5 s, Git polled every 5 s: for {@code ./mvnw verify} on a pull request. */
  PR(Duration.ofSeconds(5), Duration.ofSeconds(5)),
  /** Upstream's defaults: HPA sync every 15 s, Argo CD polls Git every 120 s. */
  PRODUCTION(Duration.ofSeconds(15), Duration.ofSeconds(120));

  private final Duration hpaSyncPeriod;
  private final Duration gitPollInterval;

  Timers(Duration hpaSyncPeriod, Duration gitPollInterval) {
    this.hpaSyncPeriod = hpaSyncPeriod;
    this.gitPollInterval = gitPollInterval;
  }

  public Duration hpaSyncPeriod() {
    return hpaSyncPeriod;
  }

  public Duration gitPollInterval() {
    return gitPollInterval;
  }
}
