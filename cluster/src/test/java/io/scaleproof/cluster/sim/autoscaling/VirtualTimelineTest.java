package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.control.VirtualTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VirtualTimelineTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @DisplayName("work due at the same instant runs in the order it was scheduled")
  void equalTimestampsRunInSchedulingOrder() {
    VirtualTimeline timeline = new VirtualTimeline(T0);
    List<String> ran = new ArrayList<>();
    timeline.schedule(Duration.ofSeconds(15), () -> ran.add("keda poll"));
    timeline.schedule(Duration.ofSeconds(15), () -> ran.add("hpa sync"));
    timeline.schedule(Duration.ofSeconds(5), () -> ran.add("earlier"));

    timeline.advance(Duration.ofSeconds(15));

    assertThat(ran).containsExactly("earlier", "keda poll", "hpa sync");
    assertThat(timeline.now()).isEqualTo(T0.plusSeconds(15));
  }

  @Test
  @DisplayName("a periodic task does not drift and sees the time it was due")
  void periodicTasksKeepTheirPeriod() {
    VirtualTimeline timeline = new VirtualTimeline(T0);
    List<Instant> syncs = new ArrayList<>();
    timeline.every(Duration.ofSeconds(15), Duration.ofSeconds(15), () -> syncs.add(timeline.now()));

    timeline.advance(Duration.ofSeconds(60));

    assertThat(syncs)
        .containsExactly(
            T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(45), T0.plusSeconds(60));
  }

  @Test
  @DisplayName(
      "work scheduled for now by a running task runs in the same advance, after what was due")
  void workScheduledForNowRunsInTheSameAdvance() {
    VirtualTimeline timeline = new VirtualTimeline(T0);
    List<String> ran = new ArrayList<>();
    timeline.schedule(
        Duration.ofSeconds(1),
        () -> {
          ran.add("first");
          timeline.schedule(Duration.ZERO, () -> ran.add("follow-up"));
        });
    timeline.schedule(Duration.ofSeconds(1), () -> ran.add("second"));

    timeline.advance(Duration.ofSeconds(1));

    assertThat(ran).containsExactly("first", "second", "follow-up");
    assertThat(timeline.pending()).isZero();
  }
}
