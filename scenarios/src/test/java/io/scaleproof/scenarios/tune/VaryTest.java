package io.scaleproof.scenarios.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.scenarios.spec.PipelineChanges;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryTest {
  @Test
  @DisplayName(
      "a range with a step includes both ends; a list keeps its order; durations take units")
  void parses() {
    assertThat(Vary.parse("p95ThresholdMs=100..300/25").values())
        .containsExactly(100.0, 125.0, 150.0, 175.0, 200.0, 225.0, 250.0, 275.0, 300.0);
    assertThat(Vary.parse("scaleDownStabilization=30s,1m,300").values())
        .containsExactly(30.0, 60.0, 300.0);
    assertThat(Vary.parse("errorRatioThreshold=0.01..0.05/0.02").values())
        .containsExactly(0.01, 0.03, 0.05);
    assertThat(Vary.parse("maxReplicaCount=2..6/1").values()).hasSize(5);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "replicas=3                       | is not a setting tune varies",
        "p95ThresholdMs                   | is not KEY=VALUES",
        "p95ThresholdMs=-5                | outside its domain",
        "p95ThresholdMs=300..100/25       | is empty",
        "p95ThresholdMs=100..300          | without a step",
        "p95ThresholdMs=100..300/0        | must be above 0",
        "maxReplicaCount=3.5              | outside its domain: a whole number",
        "errorRatioThreshold=1.5          | outside its domain: a fraction",
        "pollingInterval=500ms            | outside its domain",
        "scaleDownStabilization=ten       | is not a value",
        "p95ThresholdMs=1..100000/1       | at most 1000",
        "p95ThresholdMs=100,,200          | an empty value"
      })
  @DisplayName("a --vary outside the field's domain, or not one, is refused with what to give")
  void refuses(String text, String message) {
    assertThatThrownBy(() -> Vary.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("settings are every combination, the last knob fastest, written into the changes")
  void combinations() {
    List<Sweep.Setting> settings =
        Sweep.settings(
            List.of(Vary.parse("p95ThresholdMs=100,200"), Vary.parse("pollingInterval=5s,30s")));
    assertThat(settings)
        .extracting(Sweep.Setting::label)
        .containsExactly(
            "p95ThresholdMs=100 pollingInterval=5s",
            "p95ThresholdMs=100 pollingInterval=30s",
            "p95ThresholdMs=200 pollingInterval=5s",
            "p95ThresholdMs=200 pollingInterval=30s");
    PipelineChanges changes = settings.get(1).applyTo(PipelineChanges.NONE.withMaxReplicaCount(3));
    assertThat(changes)
        .isEqualTo(new PipelineChanges(100.0, null, null, 3, Duration.ofSeconds(30)));
  }
}
