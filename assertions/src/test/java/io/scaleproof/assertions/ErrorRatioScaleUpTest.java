package io.scaleproof.assertions;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scale-up story that starts from an error-ratio breach instead of a p95 breach. */
class ErrorRatioScaleUpTest {

  private static final double MAX_ERRORS = 0.05;
  private static final Duration DECISION = Duration.ofSeconds(45);
  private static final Duration READY = Duration.ofSeconds(60);
  private static final Duration SCALE_DOWN = Duration.ofSeconds(120);

  @Test
  @DisplayName("a run that scales up on errors and back down in time passes the whole sentence")
  void passesTheErrorRatioChain() {
    // Given: load t+0..t+240; errors breach 5 % at t+10, decision t+30, pods ready t+50,
    // back at one replica t+300
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).replicas(1).ready(1).p95(80).errors(0.01);
    nodeApp.at(10).errors(0.08);
    nodeApp.at(30).replicas(3).errors(0.09);
    nodeApp.at(50).ready(3).errors(0.07);
    nodeApp.at(300).replicas(1).ready(1).errors(0.0);
    RecordedRun run = nodeApp.run(240);

    // When / Then
    assertThatCode(
            () ->
                assertThat(run)
                    .service("node-app")
                    .whenErrorRatioExceeds(MAX_ERRORS)
                    .scalesUp()
                    .decisionWithin(DECISION)
                    .readyWithin(READY)
                    .afterLoadStops()
                    .scalesDown()
                    .within(SCALE_DOWN))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("beyondTolerance starts the error-ratio story where the HPA is asked to act")
  void windowsFromPastTheTolerance() {
    // Given: 5.4 % at t+10 is inside 5 % + 10 %; 8 % at t+30 is past it; decision at t+40
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).replicas(1).ready(1).p95(80).errors(0.01);
    nodeApp.at(10).errors(0.054);
    nodeApp.at(30).errors(0.08);
    nodeApp.at(40).replicas(2).errors(0.08);
    RecordedRun run = nodeApp.run(240);

    // When / Then
    ErrorRatioBreachAssert breached =
        assertThat(run).service("node-app").whenErrorRatioExceeds(MAX_ERRORS);
    assertThatThrownBy(() -> breached.scalesUp().decisionWithin(Duration.ofSeconds(20)))
        .hasMessageContaining("(the error-ratio breach at t+10.0s");
    assertThatCode(
            () ->
                breached
                    .beyondTolerance(ScalingAssertions.HPA_TOLERANCE)
                    .scalesUp()
                    .decisionWithin(Duration.ofSeconds(10)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> breached.beyondTolerance(0.7))
        .hasMessageContaining("never exceeded 0.085 (0.05 and the autoscaler's 70 % tolerance");
  }

  @Test
  @DisplayName("the error-ratio story offers no p95 recovery check")
  void offersNoRecoveryCheck() {
    // Given
    List<String> methods =
        Arrays.stream(ErrorRatioScaleUpAssert.class.getMethods()).map(Method::getName).toList();

    // When / Then
    Assertions.assertThat(methods)
        .contains("decisionWithin", "readyWithin", "afterLoadStops")
        .doesNotContain("p95RecoversWithin");
  }

  @Test
  @DisplayName(
      "an error ratio that never exceeds the threshold during the load fails with its peak")
  void metricStageFailsWhenErrorsNeverBreach() {
    // Given: 5 % exactly is not above 5 %, and the breach after the load stopped does not count
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).p95(80).errors(0.01);
    nodeApp.at(20).errors(0.05);
    nodeApp.at(40).errors(0.03);
    nodeApp.at(300).errors(0.4);
    RecordedRun run = nodeApp.run(240);

    // When / Then
    assertThatThrownBy(() -> assertThat(run).service("node-app").whenErrorRatioExceeds(MAX_ERRORS))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "node-app: metric stage late: node-app's error ratio never exceeded 0.05 during the"
                + " load (t+0.0s (2025-03-01T12:00:00Z)..t+240.0s);"
                + " the highest error ratio seen was 0.05 at t+20.0s");
  }

  @Test
  @DisplayName("a run without any error-ratio series fails the metric stage saying so")
  void metricStageFailsWithoutErrorRatio() {
    // Given: latency was recorded, failures were not
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).p95(80);
    nodeApp.at(60).p95(400);
    RecordedRun run = nodeApp.run(240);

    // When / Then
    assertThatThrownBy(() -> assertThat(run).service("node-app").whenErrorRatioExceeds(MAX_ERRORS))
        .hasMessageStartingWith(
            "node-app: metric stage late: node-app's error ratio never exceeded 0.05")
        .hasMessageEndingWith("; no error ratio was recorded");
  }

  @Test
  @DisplayName("a decision after error-ratio breach + window fails naming the error-ratio breach")
  void decisionStageFailsWhenLate() {
    // Given: errors breach at t+10, decision only at t+80
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).p95(80).errors(0.01);
    nodeApp.at(10).errors(0.12);
    nodeApp.at(50).noP95();
    nodeApp.at(80).replicas(2).p95(90);
    RecordedRun run = nodeApp.run(240);

    // When / Then
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("node-app")
                    .whenErrorRatioExceeds(MAX_ERRORS)
                    .scalesUp()
                    .decisionWithin(DECISION))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "node-app: decision stage late: wanted replicas above 1 by t+55.0s"
                + " (the error-ratio breach at t+10.0s (2025-03-01T12:00:10Z) + 45.0s),"
                + " but they reached 2 only at t+80.0s; seen up to t+55.0s:"
                + " t+0.0s replicas=1 ready=1 p95=80.0 errors=0.01;"
                + " t+10.0s replicas=1 ready=1 p95=80.0 errors=0.12;"
                + " t+50.0s replicas=1 ready=1 p95=none errors=0.12");
  }

  @Test
  @DisplayName("replicas that never rise after the error-ratio breach fail the decision stage")
  void decisionStageFailsWhenTheAutoscalerNeverActs() {
    // Given
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).p95(80).errors(0.01);
    nodeApp.at(10).errors(0.125);
    nodeApp.at(200);
    RecordedRun run = nodeApp.run(240);

    // When / Then
    assertThatThrownBy(
            () -> assertThat(run).service("node-app").whenErrorRatioExceeds(MAX_ERRORS).scalesUp())
        .hasMessageStartingWith(
            "node-app: decision stage late: replicas stayed at or below 1 from the error-ratio"
                + " breach (0.125) at t+10.0s")
        .hasMessageEndingWith("t+200.0s replicas=1 ready=1 p95=80.0 errors=0.125");
  }

  @Test
  @DisplayName("pods ready after error-ratio breach + window fail the pods ready stage")
  void podsReadyStageFailsWhenLate() {
    // Given: decision at t+20 (on time), both pods ready only at t+90
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).p95(80).errors(0.0);
    nodeApp.at(10).errors(0.2);
    nodeApp.at(20).replicas(2);
    nodeApp.at(90).ready(2).errors(0.1);
    RecordedRun run = nodeApp.run(240);

    // When / Then
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("node-app")
                    .whenErrorRatioExceeds(MAX_ERRORS)
                    .scalesUp()
                    .decisionWithin(DECISION)
                    .readyWithin(READY))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "node-app: pods ready stage late: wanted all pods ready after the decision at"
                + " t+20.0s by t+70.0s (the error-ratio breach at t+10.0s"
                + " (2025-03-01T12:00:10Z) + 60.0s), but 2 were ready only at t+90.0s;")
        .hasMessageEndingWith("t+20.0s replicas=2 ready=1 p95=80.0 errors=0.2");
  }

  @Test
  @DisplayName("an error ratio outside [0, 1) is rejected naming the parameter")
  void rejectsARatioThatIsNotAFraction() {
    // Given
    ServiceAssert nodeApp = assertThat(Recording.of("node-app", 200).run(240)).service("node-app");

    // When / Then
    assertThatThrownBy(() -> nodeApp.whenErrorRatioExceeds(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ratio: must be a fraction in [0, 1)");
  }
}
