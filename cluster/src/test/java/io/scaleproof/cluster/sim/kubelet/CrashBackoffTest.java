package io.scaleproof.cluster.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CrashBackoffTest {
  private static final Duration INITIAL = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofMinutes(5);

  @Test
  @DisplayName("restart at once, then 10s doubling to the 5m cap, as the kubelet does")
  void doublesToTheCap() {
    CrashBackoff backoff = new CrashBackoff(INITIAL, MAX);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    List<Long> delays = new ArrayList<>();
    for (int crash = 0; crash < 8; crash++) {
      Duration delay = backoff.onExit(t);
      delays.add(delay.toSeconds());
      t = t.plus(delay).plusSeconds(1);
    }

    assertThat(delays).containsExactly(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L);
  }

  @Test
  @DisplayName("a container that ran longer than twice the cap starts from an immediate restart")
  void resetsAfterTwiceTheCap() {
    CrashBackoff backoff = new CrashBackoff(INITIAL, MAX);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    backoff.onExit(t);
    backoff.onExit(t.plusSeconds(1));

    assertThat(backoff.onExit(t.plus(MAX.multipliedBy(2)).plusSeconds(2))).isZero();
    assertThat(backoff.onExit(t.plus(MAX.multipliedBy(2)).plusSeconds(3))).isEqualTo(INITIAL);
  }
}
