package io.scaleproof.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Timeline#afterEach} against {@link Timeline#every}, on a clock where each run takes time,
 * as a sync does on the wall clock: reading the metrics, writing the status.
 */
class TimelineAfterEachTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(5);
  private static final Duration RUN_TAKES = Duration.ofMillis(40);

  /** A timeline whose clock moves only when work is due or when a run says it took time. */
  private static final class SteppingTimeline implements Timeline {
    private record Due(Instant at, long sequence, Runnable task) {}

    private final PriorityQueue<Due> queue =
        new PriorityQueue<>(Comparator.comparing(Due::at).thenComparingLong(Due::sequence));
    private Instant now = T0;
    private long sequence;

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
      queue.add(new Due(now.plus(delay), sequence++, task));
    }

    void took(Duration duration) {
      now = now.plus(duration);
    }

    void runUntil(Instant end) {
      while (!queue.isEmpty() && !queue.peek().at().isAfter(end)) {
        Due next = queue.poll();
        if (next.at().isAfter(now)) {
          now = next.at();
        }
        next.task().run();
      }
    }

    @Override
    public void close() {}
  }

  @Test
  @DisplayName("afterEach starts the next run a period after the last one ended, never sooner")
  void theNextRunWaitsAPeriodAfterTheLastEnded() {
    SteppingTimeline timeline = new SteppingTimeline();
    List<Instant> starts = new ArrayList<>();
    timeline.afterEach(
        PERIOD,
        PERIOD,
        () -> {
          starts.add(timeline.now());
          timeline.took(RUN_TAKES);
        });

    timeline.runUntil(T0.plusSeconds(21));

    assertThat(starts)
        .containsExactly(
            T0.plus(PERIOD),
            T0.plus(PERIOD.multipliedBy(2)).plus(RUN_TAKES),
            T0.plus(PERIOD.multipliedBy(3)).plus(RUN_TAKES.multipliedBy(2)),
            T0.plus(PERIOD.multipliedBy(4)).plus(RUN_TAKES.multipliedBy(3)));
    // So a recommendation made four syncs ago is always older than a window of four periods.
    assertThat(Duration.between(starts.get(0), starts.get(3).plus(PERIOD).plus(RUN_TAKES)))
        .isGreaterThan(PERIOD.multipliedBy(4));
  }

  @Test
  @DisplayName("every keeps to its grid however long a run takes")
  void everyKeepsItsGrid() {
    SteppingTimeline timeline = new SteppingTimeline();
    List<Instant> starts = new ArrayList<>();
    timeline.every(
        PERIOD,
        PERIOD,
        () -> {
          starts.add(timeline.now());
          timeline.took(RUN_TAKES);
        });

    timeline.runUntil(T0.plusSeconds(20));

    assertThat(starts)
        .containsExactly(
            T0.plusSeconds(5), T0.plusSeconds(10), T0.plusSeconds(15), T0.plusSeconds(20));
  }

  @Test
  @DisplayName("a closed afterEach runs no more, even when closed by its own run")
  void closingStopsIt() {
    SteppingTimeline timeline = new SteppingTimeline();
    List<Instant> starts = new ArrayList<>();
    Timeline.Periodic[] handle = new Timeline.Periodic[1];
    handle[0] =
        timeline.afterEach(
            Duration.ZERO,
            PERIOD,
            () -> {
              starts.add(timeline.now());
              if (starts.size() == 2) {
                handle[0].close();
              }
            });

    timeline.runUntil(T0.plusSeconds(60));

    assertThat(starts).containsExactly(T0, T0.plus(PERIOD));
    assertThat(timeline.queue).isEmpty();
  }
}
