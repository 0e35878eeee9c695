package io.scaleproof.assertions;

import static io.scaleproof.assertions.Recording.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceFiguresTest {

  @Test
  @DisplayName("the figures of a whole episode match the hand-computed ones")
  void computesTheFiguresOfAnEpisode() {
    // Given: load t+0..t+120, threshold 150 ms
    Recording javaApp = Recording.javaApp();
    javaApp.at(-10).replicas(1).ready(1).p95(80).errors(0.0).rps(5);
    javaApp.at(0).p95(90).rps(50);
    javaApp.at(10).p95(200).errors(0.04).rps(80); // breach
    javaApp.at(20).replicas(3).p95(260); // scale-up decision
    javaApp.at(30).ready(3).p95(180).errors(0.01); // pods ready
    javaApp.at(40).p95(120); // recovered
    javaApp.at(120).p95(100).rps(2);
    javaApp.at(150).replicas(2).ready(2).p95(60);
    javaApp.at(180).replicas(1).ready(1).p95(50); // scaled down

    // When
    ServiceFigures figures = ServiceFigures.of(javaApp.timeline(), t(0), t(120));

    // Then
    assertThat(figures.threshold()).isEqualTo(150);
    assertThat(figures.peakP95()).isEqualTo(260);
    assertThat(figures.initialReplicas()).isEqualTo(1);
    assertThat(figures.peakReplicas()).isEqualTo(3);
    assertThat(figures.finalReplicas()).isEqualTo(1);
    assertThat(figures.firstBreach()).isEqualTo(t(10));
    assertThat(figures.firstScaleUp()).isEqualTo(t(20));
    assertThat(figures.timeToScaleUpSeconds()).isEqualTo(10.0);
    assertThat(figures.scaledUpReady()).isEqualTo(t(30));
    assertThat(figures.recovered()).isEqualTo(t(40));
    assertThat(figures.timeToRecoverySeconds()).isEqualTo(30.0);
    assertThat(figures.scaledDown()).isEqualTo(t(180));
    assertThat(figures.timeToScaleDownSeconds()).isEqualTo(60.0);
    // 1→3 up, 3→2 down (the reversal), 2→1 down
    assertThat(figures.directionChanges()).isEqualTo(1);
    // 1×10 + 1×10 + 1×10 + 3×10 + 3×10 + 3×80 + 3×30 + 2×30
    assertThat(figures.replicaSeconds()).isEqualTo(480.0);
    // p95 above 150 ms at t+10, t+20 and t+30, each held for 10 s
    assertThat(figures.sloViolationSeconds()).isEqualTo(30.0);
    assertThat(figures.peakErrorRatio()).isEqualTo(0.04);
    assertThat(figures.peakRequestsPerSecond()).isEqualTo(80.0);
  }

  @Test
  @DisplayName("a scale-up before the latency breach gives a negative time to scale up")
  void scaleUpBeforeBreachIsNegative() {
    // Given: another trigger scaled at t+20; p95 breached only at t+35
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(2).ready(2).p95(90);
    javaApp.at(20).replicas(4);
    javaApp.at(35).p95(170);

    // When
    ServiceFigures figures = ServiceFigures.of(javaApp.timeline(), t(0), t(60));

    // Then
    assertThat(figures.initialReplicas()).isEqualTo(2);
    assertThat(figures.timeToScaleUpSeconds()).isEqualTo(-15.0);
  }

  @Test
  @DisplayName("the metric's lag: from the clients' breach to the p95 metric's breach")
  void metricLag() {
    // Given: the clients feel the breach at t+12 s; the span metrics show it at t+21 s
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90).clientP95(95);
    javaApp.at(12).clientP95(480);
    javaApp.at(21).p95(310);
    javaApp.at(27).replicas(2);

    // When
    ServiceFigures figures = ServiceFigures.of(javaApp.timeline(), t(0), t(60));

    // Then
    assertThat(figures.clientBreach()).isEqualTo(t(12));
    assertThat(figures.firstBreach()).isEqualTo(t(21));
    assertThat(figures.metricLagSeconds()).isEqualTo(9.0);
    assertThat(figures.timeToScaleUpSeconds()).isEqualTo(6.0);
  }

  @Test
  @DisplayName("how long p95 stayed past the threshold but inside the HPA's tolerance")
  void withinTolerance() {
    // Given: 153 ms at t+14 is inside 150 ms + 10 %; 273 ms at t+29 is past it
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90);
    javaApp.at(14).p95(153);
    javaApp.at(29).p95(273);
    javaApp.at(34).replicas(2);

    // When
    ServiceFigures figures = ServiceFigures.of(javaApp.timeline(), t(0), t(60));

    // Then
    assertThat(figures.firstBreach()).isEqualTo(t(14));
    assertThat(figures.toleranceBreach()).isEqualTo(t(29));
    assertThat(figures.withinToleranceSeconds()).isEqualTo(15.0);
    assertThat(figures.timeToScaleUpSeconds()).isEqualTo(20.0);
  }

  @Test
  @DisplayName("without the clients' view, there is no clients' breach and no lag")
  void noClientView() {
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90);
    javaApp.at(21).p95(310);

    ServiceFigures figures = ServiceFigures.of(javaApp.timeline(), t(0), t(60));

    assertThat(figures.firstBreach()).isEqualTo(t(21));
    assertThat(figures.clientBreach()).isNull();
    assertThat(figures.metricLagSeconds()).isNull();
  }

  @Test
  @DisplayName("what never happened is null: no breach, no scale-up, no recovery")
  void missingMomentsAreNull() {
    // Given
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90);
    javaApp.at(60).p95(100);

    // When
    ServiceFigures figures = ServiceFigures.of(javaApp.timeline(), t(0), t(30));

    // Then
    assertThat(figures.firstBreach()).isNull();
    assertThat(figures.firstScaleUp()).isNull();
    assertThat(figures.timeToScaleUpSeconds()).isNull();
    assertThat(figures.recovered()).isNull();
    assertThat(figures.timeToRecoverySeconds()).isNull();
    assertThat(figures.scaledDown()).isEqualTo(t(60));
    assertThat(figures.sloViolationSeconds()).isZero();
    assertThat(figures.peakErrorRatio()).isNull();
  }

  @Test
  @DisplayName("an empty timeline says so with nulls and zeros")
  void emptyTimelineHasNoFigures() {
    // Given
    ServiceTimeline empty = new ServiceTimeline("java-app", 150, List.of());

    // When
    ServiceFigures figures = ServiceFigures.of(empty, t(0), t(60));

    // Then
    assertThat(figures.initialReplicas()).isNull();
    assertThat(figures.peakReplicas()).isNull();
    assertThat(figures.finalReplicas()).isNull();
    assertThat(figures.peakP95()).isNull();
    assertThat(figures.scaledDown()).isNull();
    assertThat(figures.replicaSeconds()).isZero();
  }

  @ParameterizedTest(name = "{0} reverses {1} times")
  @CsvSource({
    "'1,2,3,2', 1",
    "'1,2,1,2', 2",
    "'1,1,2,2,1,1', 1",
    "'3,2,1', 0",
    "'1,2,3,4', 0",
    "'4,1,4,1,4', 3",
  })
  @DisplayName("direction changes count the reversals in the sequence of replica counts")
  void countsDirectionChanges(String replicas, int reversals) {
    // Given: one sample every ten seconds
    Recording javaApp = Recording.javaApp();
    String[] counts = replicas.split(",");
    for (int i = 0; i < counts.length; i++) {
      javaApp.at(10 * i).replicas(Integer.parseInt(counts[i]));
    }

    // When / Then
    assertThat(ServiceFigures.of(javaApp.timeline(), t(0), t(60)).directionChanges())
        .isEqualTo(reversals);
  }

  @Test
  @DisplayName("the service stage's figures are the timeline's figures for the run")
  void serviceStageOffersTheFigures() {
    // Given
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90);
    javaApp.at(10).p95(200);
    javaApp.at(20).replicas(2);
    RecordedRun run = javaApp.run(30);

    // When
    ServiceFigures figures = ScalingAssertions.assertThat(run).service("java-app").figures();

    // Then
    assertThat(figures).isEqualTo(ServiceFigures.of(javaApp.timeline(), t(0), t(30)));
    assertThat(figures.timeToScaleUpSeconds()).isEqualTo(10.0);
  }
}
