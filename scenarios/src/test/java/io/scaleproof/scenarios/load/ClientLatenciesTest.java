package io.scaleproof.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clients' p95 over a window of responses, the users' view of a breach. */
class ClientLatenciesTest {
  private static final Instant T0 = Instant.parse("2026-11-26T04:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(30);

  @Test
  @DisplayName("the p95 is the nearest-rank 95th percentile of the window's responses")
  void nearestRank() {
    ClientLatencies latencies = new ClientLatencies();
    // 1..100 ms, one response every 100 ms: the 95th of 100 values is 95.
    for (int i = 1; i <= 100; i++) {
      latencies.record("java-app", T0.plusMillis(100L * i), i);
    }

    assertThat(latencies.p95("java-app", T0.plusSeconds(10), WINDOW)).contains(95.0);
  }

  @Test
  @DisplayName("only responses completed in the window count: the breach ages out")
  void window() {
    ClientLatencies latencies = new ClientLatencies();
    for (int s = 0; s < 60; s++) {
      // Slow for the first 20 s, fast afterwards.
      latencies.record("node-app", T0.plusSeconds(s), s < 20 ? 900 : 40);
      latencies.record("node-app", T0.plusSeconds(s).plusMillis(500), s < 20 ? 900 : 40);
    }

    assertThat(latencies.p95("node-app", T0.plusSeconds(25), WINDOW)).contains(900.0);
    assertThat(latencies.p95("node-app", T0.plusSeconds(59), WINDOW)).contains(40.0);
  }

  @Test
  @DisplayName("too few responses, or another service's, give no percentile")
  void tooFew() {
    ClientLatencies latencies = new ClientLatencies();
    for (int i = 0; i < ClientLatencies.MINIMUM_RESPONSES - 1; i++) {
      latencies.record("python-app", T0.plusSeconds(i), 500);
    }

    assertThat(latencies.p95("python-app", T0.plusSeconds(20), WINDOW)).isEmpty();
    assertThat(latencies.p95("java-app", T0.plusSeconds(20), WINDOW)).isEmpty();
  }
}
