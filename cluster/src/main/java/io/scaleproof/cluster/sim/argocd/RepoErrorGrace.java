package io.scaleproof.cluster.sim.argocd;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's grace for repository errors ({@code controller/state.go}): a refresh that cannot load
 * the target state at a periodic refresh is ignored from its first occurrence until {@link #GRACE}
 * has passed, leaving the status as the last good comparison left it; a refresh for a changed spec,
 * a first one or a requested one ({@code CompareWithLatestForceResolve}) reports the error at once
 * and starts no grace; a success ends it.
 */
final class RepoErrorGrace {
  /**
   * Upstream's {@code --repo-error-grace-period-seconds} default: its resync period plus jitter
   * (120 s + 60 s).
   */
  static final Duration GRACE = Duration.ofSeconds(180);

  private Instant since;

  /** Whether this refresh's outcome is ignored. */
  boolean ignore(boolean comparable, boolean forceResolve, Instant now) {
    if (comparable) {
      since = null;
      return false;
    }
    if (forceResolve) {
      return false;
    }
    if (since == null) {
      since = now;
    }
    return !now.isAfter(since.plus(GRACE));
  }
}
