package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Upstream's repository-error grace, as real Argo CD 3.6.2 showed it in ArgoCdDifferentialIT. */
class RepoErrorGraceTest {
  private static final Instant T0 = Instant.parse("2026-12-05T06:00:00Z");

  @Test
  @DisplayName("a failure at periodic refreshes is ignored for 180 s from the first, then reported")
  void periodicFailuresWaitOutTheGrace() {
    RepoErrorGrace grace = new RepoErrorGrace();
    assertThat(grace.ignore(false, false, T0)).isTrue();
    assertThat(grace.ignore(false, false, T0.plusSeconds(120))).isTrue();
    assertThat(grace.ignore(false, false, T0.plusSeconds(180))).isTrue();
    assertThat(grace.ignore(false, false, T0.plusSeconds(181))).isFalse();
  }

  @Test
  @DisplayName("a forced refresh (new spec, first, requested) reports the failure at once")
  void forcedRefreshReportsAtOnce() {
    RepoErrorGrace grace = new RepoErrorGrace();
    assertThat(grace.ignore(false, true, T0)).isFalse();
    assertThat(grace.ignore(false, false, T0.plusSeconds(2))).as("grace starts here").isTrue();
  }

  @Test
  @DisplayName("a success ends the grace: the next failure starts a new one")
  void successResets() {
    RepoErrorGrace grace = new RepoErrorGrace();
    grace.ignore(false, false, T0);
    assertThat(grace.ignore(true, false, T0.plusSeconds(10))).isFalse();
    assertThat(grace.ignore(false, false, T0.plusSeconds(200))).isTrue();
    assertThat(grace.ignore(false, false, T0.plusSeconds(381))).isFalse();
  }
}
