package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.control.VirtualTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How fast the virtual clock runs the autoscaler: one ScaledObject with production timers (KEDA
 * polling 30 s, HPA sync 15 s, behavior with a 300 s scale-down window) over a synthetic day of a
 * p95 series (a daily wave with two bursts), printed as emulated seconds per wall-clock second.
 */
class AutoscalerTwinBenchmarkIT {
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  @DisplayName("a day of production timers on the virtual clock")
  void aDayOnTheVirtualClock() {
    ScalingRules up =
        ScalingRules.scaleUp(
            0,
            ScalingRules.SelectPolicy.Max,
            List.of(
                new ScalingRules.Policy(ScalingRules.PolicyType.Percent, 100, 15),
                new ScalingRules.Policy(ScalingRules.PolicyType.Pods, 2, 15)));
    ScalingRules down = ScalingRules.scaleDown(300, null, null, 300);
    double emulatedSeconds = Duration.ofDays(1).toSeconds();
    int runs = 5;
    long best = Long.MAX_VALUE;
    AutoscalerTwin twin = null;
    for (int run = 0; run < runs; run++) {
      VirtualTimeline timeline = new VirtualTimeline(T0);
      twin =
          new AutoscalerTwin(
                  new AutoscalerTwin.Spec(
                      1,
                      20,
                      List.of(new AutoscalerTwin.Trigger(150, 0, true)),
                      Duration.ofSeconds(30),
                      300,
                      Duration.ofSeconds(15),
                      up,
                      down),
                  timeline,
                  AutoscalerTwinBenchmarkIT::p95,
                  1)
              .start();
      long start = System.nanoTime();
      timeline.advanceTo(T0.plus(Duration.ofDays(1)));
      best = Math.min(best, System.nanoTime() - start);
    }
    double wallSeconds = best / 1e9;
    System.out.printf(
        "autoscaler twin benchmark: 1 ScaledObject, a day (%d HPA syncs, %d rescales) in %.1f ms:"
            + " %.0f emulated seconds per wall-clock second (best of %d)%n",
        twin.syncs().size(),
        twin.rescales().size(),
        wallSeconds * 1e3,
        emulatedSeconds / wallSeconds,
        runs);
    assertThat(twin.syncs()).hasSize(86400 / 15);
    assertThat(twin.rescales()).isNotEmpty();
  }

  /** A p95 that follows a daily wave (80–260 ms) with bursts at 10:00 and 19:00. */
  private static double p95(Instant at) {
    double hours = Duration.between(T0, at).toSeconds() / 3600.0;
    double wave = 170 - 90 * Math.cos(2 * Math.PI * (hours - 3) / 24);
    double burst = Math.abs(hours - 10) < 0.25 || Math.abs(hours - 19) < 0.5 ? 200 : 0;
    return wave + burst;
  }
}
