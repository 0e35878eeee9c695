package io.scaleproof.assertions;

import static io.scaleproof.assertions.Recording.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordsTest {

  private static Sample sample(double seconds) {
    return new Sample(t(seconds), 1, 1, 90.0, null, null);
  }

  @Test
  @DisplayName("a timeline out of time order is rejected naming the samples and the fix")
  void timelineMustBeInTimeOrder() {
    assertThatThrownBy(
            () -> new ServiceTimeline("java-app", 150, List.of(sample(0), sample(20), sample(10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "samples: samples[2] at 2025-03-01T12:00:10Z is before samples[1] at"
                + " 2025-03-01T12:00:20Z; sort them by Sample.at");
  }

  @Test
  @DisplayName("a timeline keeps its own copy of the samples")
  void timelineCopiesTheSamples() {
    // Given
    List<Sample> samples = new ArrayList<>(List.of(sample(0)));
    ServiceTimeline timeline = new ServiceTimeline("java-app", 150, samples);

    // When
    samples.add(sample(10));

    // Then
    assertThat(timeline.samples()).hasSize(1);
  }

  @Test
  @DisplayName("a run rejects a load that stops before it starts and a mis-keyed timeline")
  void runIsValidated() {
    ServiceTimeline timeline = new ServiceTimeline("java-app", 150, List.of(sample(0)));

    assertThatThrownBy(() -> new RecordedRun("burst", t(60), t(0), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("loadStopped:");
    assertThatThrownBy(() -> new RecordedRun("burst", t(0), t(60), Map.of("node-app", timeline)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "services: key 'node-app' holds the timeline of 'java-app'; key each timeline by its"
                + " service");
  }

  @Test
  @DisplayName("a sample rejects NaN, which must be recorded as null")
  void sampleRejectsNaN() {
    assertThatThrownBy(() -> new Sample(t(0), 1, 1, Double.NaN, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p95Ms: is NaN; use null for 'no value'");
  }
}
