package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.control.VirtualTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worked example of the KEDA/HPA specification (reference keda-hpa.md §6) on the virtual clock:
 * no behavior, AverageValue, threshold 20, activationThreshold 20, min 0 / max 10, polling 30 s,
 * cooldown 300 s, HPA sync 15 s. The metric is 95, drops to 30 at 60 s and to 10 at 900 s.
 */
class WorkedExampleTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  @DisplayName(
      "0 → 1 by KEDA, 4 then 5 by the HPA, held at 5 for 300 s, 2, then 0 by KEDA's cooldown")
  void workedExample() {
    VirtualTimeline timeline = new VirtualTimeline(T0);
    AutoscalerTwin twin =
        new AutoscalerTwin(
                new AutoscalerTwin.Spec(
                    0,
                    10,
                    List.of(new AutoscalerTwin.Trigger(20, 20, false)),
                    Duration.ofSeconds(30),
                    300,
                    Duration.ofSeconds(15),
                    null,
                    null),
                timeline,
                t ->
                    t.isBefore(T0.plusSeconds(60))
                        ? 95.0
                        : t.isBefore(T0.plusSeconds(900)) ? 30.0 : 10.0,
                0)
            .start();

    timeline.advanceTo(T0.plusSeconds(1500));

    // Every HPA sync, with the replica count after it.
    for (AutoscalerTwin.Sync sync : twin.syncs()) {
      long t = Duration.between(T0, sync.at()).toSeconds();
      int expected;
      if (t == 15) {
        expected = 4; // ratio 4.75 → 5, limited to max(2 × 1, 4)
      } else if (t < 360) {
        expected = 5; // ratio 1.1875 → 5; after the drop, 5 stays the highest of the last 300 s
      } else if (t < 1200) {
        expected = 2; // t = 360: the last 5 (t = 45) is strictly older than the cutoff
      } else {
        expected = 0; // KEDA scaled to 0 in the poll just before; the HPA is ScalingDisabled
      }
      assertThat(twin.replicasAt(sync.at(), 0))
          .as("replicas after the sync at %d s", t)
          .isEqualTo(expected);
    }
    assertThat(twin.syncs()).hasSize(100);
    assertThat(twin.rescales())
        .extracting(
            r ->
                Duration.between(T0, r.at()).toSeconds()
                    + "s "
                    + r.by()
                    + " "
                    + r.from()
                    + "→"
                    + r.to())
        .containsExactly(
            "0s keda 0→1",
            "15s hpa 1→4",
            "30s hpa 4→5",
            "360s hpa 5→2",
            // The last active poll was at 870 s (metric 30 > 20); 870 + 300 is not strictly
            // before 1170, so the poll at 1200 deactivates, whatever the HPA wants.
            "1200s keda 2→0");
  }
}
