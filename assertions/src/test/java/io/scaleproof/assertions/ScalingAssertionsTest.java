package io.scaleproof.assertions;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScalingAssertionsTest {

  private static final Duration DECISION = Duration.ofSeconds(45);
  private static final Duration READY = Duration.ofSeconds(60);
  private static final Duration RECOVERY = Duration.ofSeconds(120);
  private static final Duration SCALE_DOWN = Duration.ofSeconds(180);

  /**
   * The load phase of a healthy run (load from t+0 to t+240): p95 breaches at t+10, the autoscaler
   * decides at t+20, the pods are ready at t+40 and p95 recovers at t+60.
   */
  private static Recording scaledUpInTime() {
    Recording javaApp = Recording.javaApp();
    javaApp.at(-10).replicas(1).ready(1).p95(80).errors(0.0);
    javaApp.at(0).p95(90);
    javaApp.at(10).p95(220).errors(0.01);
    javaApp.at(20).replicas(3).p95(260);
    javaApp.at(40).ready(3).p95(200);
    javaApp.at(60).p95(120).errors(0.0);
    javaApp.at(240).p95(100);
    return javaApp;
  }

  /** {@link #scaledUpInTime()}, then back at one replica by t+360. */
  private static Recording healthy() {
    Recording javaApp = scaledUpInTime();
    javaApp.at(300).replicas(2).ready(2).p95(60);
    javaApp.at(360).replicas(1).ready(1);
    return javaApp;
  }

  @Test
  @DisplayName("a run that scales up, recovers and scales down in time passes the whole sentence")
  void passesTheFullChain() {
    // Given
    RecordedRun run = healthy().run(240);

    // When / Then
    assertThatCode(
            () -> {
              assertThat(run)
                  .service("java-app")
                  .whenP95Exceeds(150)
                  .scalesUp()
                  .decisionWithin(DECISION)
                  .readyWithin(READY)
                  .p95RecoversWithin(RECOVERY)
                  .afterLoadStops()
                  .scalesDown()
                  .within(SCALE_DOWN);
              assertThat(run)
                  .service("java-app")
                  .neverFlaps(2, Duration.ofMinutes(5))
                  .errorRateStaysBelow(0.05)
                  .replicasStayWithin(1, 6);
            })
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("an unknown service fails naming the services recorded")
  void unknownServiceNamesTheRecordedOnes() {
    // Given
    Recording nodeApp = Recording.of("node-app", 200);
    nodeApp.at(0).p95(50);
    RecordedRun run =
        new RecordedRun(
            "burst",
            Recording.t(0),
            Recording.t(240),
            Map.of("java-app", healthy().timeline(), "node-app", nodeApp.timeline()));

    // When / Then
    assertThatThrownBy(() -> assertThat(run).service("python-app"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "scenario 'burst' recorded no service 'python-app';"
                + " recorded services: [java-app, node-app]");
  }

  @Test
  @DisplayName("p95 that never breaches during the load fails the metric stage with its peak")
  void metricStageFailsWhenP95NeverBreaches() {
    // Given: the only breach comes after the load stopped, so it does not count
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).p95(90);
    javaApp.at(20).p95(140);
    javaApp.at(40).p95(120);
    javaApp.at(300).p95(400);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(() -> assertThat(run).service("java-app").whenP95Exceeds(150))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "java-app: metric stage late: p95 never exceeded 150.0 ms during the load"
                + " (t+0.0s (2025-03-01T12:00:00Z)..t+240.0s);"
                + " the highest p95 seen was 140.0 ms at t+20.0s");
  }

  @Test
  @DisplayName("a run without any p95 series fails the metric stage saying so")
  void metricStageFailsWithoutP95() {
    // Given
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).noP95();
    javaApp.at(60);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(() -> assertThat(run).service("java-app").whenP95Exceeds(150))
        .hasMessageStartingWith("java-app: metric stage late:")
        .hasMessageEndingWith("no p95 was recorded");
  }

  @Test
  @DisplayName("a scale-up decision after breach + window fails the decision stage with the values")
  void decisionStageFailsWhenLate() {
    // Given: breach at t+10, decision only at t+80
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).p95(90);
    javaApp.at(10).p95(220);
    javaApp.at(50).p95(260);
    javaApp.at(80).replicas(3).p95(280);
    javaApp.at(120).ready(3).p95(100);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("java-app")
                    .whenP95Exceeds(150)
                    .scalesUp()
                    .decisionWithin(DECISION))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "java-app: decision stage late: wanted replicas above 1 by t+55.0s"
                + " (the p95 breach at t+10.0s (2025-03-01T12:00:10Z) + 45.0s),"
                + " but they reached 3 only at t+80.0s; seen up to t+55.0s:"
                + " t+0.0s replicas=1 ready=1 p95=90.0; t+10.0s replicas=1 ready=1 p95=220.0;"
                + " t+50.0s replicas=1 ready=1 p95=260.0");
  }

  @Test
  @DisplayName("replicas that never rise after the breach fail the decision stage at scalesUp")
  void decisionStageFailsWhenTheAutoscalerNeverActs() {
    // Given
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).p95(90);
    javaApp.at(10).p95(220);
    javaApp.at(200);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(() -> assertThat(run).service("java-app").whenP95Exceeds(150).scalesUp())
        .hasMessageStartingWith(
            "java-app: decision stage late: replicas stayed at or below 1 from the p95 breach"
                + " (220.0 ms) at t+10.0s")
        .hasMessageContaining("t+200.0s replicas=1 ready=1 p95=220.0");
  }

  @Test
  @DisplayName("pods ready after breach + window fail the pods ready stage with the values")
  void podsReadyStageFailsWhenLate() {
    // Given: decision at t+20 (on time), all three pods ready only at t+90
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).p95(90);
    javaApp.at(10).p95(220);
    javaApp.at(20).replicas(3).p95(260);
    javaApp.at(60).ready(2);
    javaApp.at(90).ready(3).p95(100);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("java-app")
                    .whenP95Exceeds(150)
                    .scalesUp()
                    .decisionWithin(DECISION)
                    .readyWithin(READY))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "java-app: pods ready stage late: wanted all pods ready after the decision at"
                + " t+20.0s by t+70.0s (the p95 breach at t+10.0s (2025-03-01T12:00:10Z) + 60.0s),"
                + " but 3 were ready only at t+90.0s;")
        .hasMessageEndingWith("t+60.0s replicas=3 ready=2 p95=260.0");
  }

  @Test
  @DisplayName("windows run from the breach, not from the stage before")
  void windowsAreMeasuredFromTheBreach() {
    // Given: breach t+10, decision t+50 (within 45 s), ready t+75 (25 s after the decision)
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).p95(90);
    javaApp.at(10).p95(220);
    javaApp.at(50).replicas(2);
    javaApp.at(75).ready(2);
    ScaleUpAssert scaleUp =
        assertThat(javaApp.run(240))
            .service("java-app")
            .whenP95Exceeds(150)
            .scalesUp()
            .decisionWithin(DECISION);

    // When / Then: 65 s after the breach misses a 60 s window and meets a 65 s one
    assertThatThrownBy(() -> scaleUp.readyWithin(READY))
        .hasMessageContaining("pods ready stage late")
        .hasMessageContaining("by t+70.0s");
    assertThatCode(() -> scaleUp.readyWithin(Duration.ofSeconds(65))).doesNotThrowAnyException();
  }

  /**
   * The shape of a gate failure seen on java-app: p95 at 153 and 159 ms over a 150 ms target,
   * inside the HPA's 10 % tolerance where it does nothing, then out of it at t+29; the HPA scaled
   * one sync later.
   */
  private static RecordedRun lingersInsideTheTolerance() {
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90);
    javaApp.at(14).p95(153);
    javaApp.at(20).p95(159);
    javaApp.at(29).p95(273);
    javaApp.at(35).replicas(2).p95(280);
    javaApp.at(50).ready(2).p95(120);
    return javaApp.run(240);
  }

  @Test
  @DisplayName("beyondTolerance measures the windows from the first p95 the HPA acts on")
  void windowsFromPastTheTolerance() {
    // Given
    RecordedRun run = lingersInsideTheTolerance();

    // When / Then: 20 s from t+14 misses the decision at t+35; 20 s from t+29 meets it
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("java-app")
                    .whenP95Exceeds(150)
                    .scalesUp()
                    .decisionWithin(Duration.ofSeconds(20)))
        .hasMessageContaining("by t+34.0s (the p95 breach at t+14.0s");
    assertThatCode(
            () ->
                assertThat(run)
                    .service("java-app")
                    .whenP95Exceeds(150)
                    .beyondTolerance(ScalingAssertions.HPA_TOLERANCE)
                    .scalesUp()
                    .decisionWithin(Duration.ofSeconds(20))
                    .readyWithin(Duration.ofSeconds(21))
                    .p95RecoversWithin(Duration.ofSeconds(21)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("java-app")
                    .whenP95Exceeds(150)
                    .beyondTolerance(ScalingAssertions.HPA_TOLERANCE)
                    .scalesUp()
                    .decisionWithin(Duration.ofSeconds(4)))
        .hasMessageStartingWith(
            "java-app: decision stage late: wanted replicas above 1 by t+33.0s (the p95 breach"
                + " past the 10 % tolerance at t+29.0s");
  }

  @Test
  @DisplayName("p95 that never leaves the HPA's tolerance fails the metric stage saying why")
  void metricStageFailsInsideTheTolerance() {
    // Given: p95 over 150 ms all along, never over 165
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).p95(90);
    javaApp.at(10).p95(155);
    javaApp.at(20).p95(164);
    RecordedRun run = javaApp.run(240);
    P95BreachAssert breached = assertThat(run).service("java-app").whenP95Exceeds(150);

    // When / Then
    assertThatThrownBy(() -> breached.beyondTolerance(0.1))
        .hasMessage(
            "java-app: metric stage late: p95 never exceeded 165.0 ms (150.0 ms and the"
                + " autoscaler's 10 % tolerance above it, inside which the HPA does not act)"
                + " during the load (t+0.0s (2025-03-01T12:00:00Z)..t+240.0s);"
                + " the highest p95 seen was 164.0 ms at t+20.0s");
    assertThatThrownBy(() -> breached.beyondTolerance(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance: must be a fraction in [0, 1)");
  }

  @Test
  @DisplayName("p95 that stays high after the pods are ready fails the recovery stage")
  void recoveryStageFailsWhenLate() {
    // Given: ready at t+40, p95 back under 150 ms only at t+160
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).p95(90);
    javaApp.at(10).p95(220);
    javaApp.at(20).replicas(3);
    javaApp.at(40).ready(3).p95(200);
    javaApp.at(100).p95(170);
    javaApp.at(160).p95(140);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("java-app")
                    .whenP95Exceeds(150)
                    .scalesUp()
                    .decisionWithin(DECISION)
                    .readyWithin(READY)
                    .p95RecoversWithin(RECOVERY))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "java-app: recovery stage late: wanted p95 at or below 150.0 ms after the pods were"
                + " ready at t+40.0s by t+130.0s (the p95 breach at t+10.0s"
                + " (2025-03-01T12:00:10Z) + 120.0s), but it was 140.0 ms only at t+160.0s;")
        .hasMessageEndingWith("t+100.0s replicas=3 ready=3 p95=170.0");
  }

  @Test
  @DisplayName("replicas back after load stop + window fail the scale-down stage with the values")
  void scaleDownStageFailsWhenLate() {
    // Given: the load stops at t+240; the replicas are back at one only at t+500
    Recording javaApp = scaledUpInTime();
    javaApp.at(360).replicas(2).ready(2).p95(60);
    javaApp.at(500).replicas(1).ready(1);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(
            () ->
                assertThat(run)
                    .service("java-app")
                    .afterLoadStops()
                    .scalesDown()
                    .within(SCALE_DOWN))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "java-app: scale-down stage late: wanted replicas back at 1 by t+420.0s"
                + " (the load stop at t+240.0s (2025-03-01T12:04:00Z) + 180.0s),"
                + " but they were back only at t+500.0s;")
        .hasMessageEndingWith("t+360.0s replicas=2 ready=2 p95=60.0");
  }

  @Test
  @DisplayName("replicas that never come back fail the scale-down stage at scalesDown")
  void scaleDownStageFailsWhenReplicasNeverReturn() {
    // Given
    Recording javaApp = scaledUpInTime();
    javaApp.at(600);
    RecordedRun run = javaApp.run(240);

    // When / Then
    assertThatThrownBy(() -> assertThat(run).service("java-app").afterLoadStops().scalesDown())
        .hasMessageStartingWith(
            "java-app: scale-down stage late: replicas never came back to 1 after the load"
                + " stopped at t+240.0s")
        .hasMessageContaining("t+600.0s replicas=3");
  }

  @Test
  @DisplayName("the invariants chain on from the scale-up and scale-down stories")
  void invariantsAreReachableFromEveryStory() {
    // Given: a healthy run whose replicas overshoot to 7 for ten seconds
    Recording javaApp = scaledUpInTime();
    javaApp.at(250).replicas(7);
    javaApp.at(260).replicas(3);
    javaApp.at(360).replicas(1).ready(1);
    ServiceAssert service = assertThat(javaApp.run(240)).service("java-app");

    // When / Then
    assertThatThrownBy(
            () ->
                service
                    .whenP95Exceeds(150)
                    .scalesUp()
                    .decisionWithin(DECISION)
                    .replicasStayWithin(1, 6))
        .hasMessageStartingWith("java-app: replica bounds: 7 replicas at t+250.0s");
    assertThatThrownBy(
            () ->
                service
                    .afterLoadStops()
                    .scalesDown()
                    .within(SCALE_DOWN)
                    .errorRateStaysBelow(0.05)
                    .neverFlaps(0, Duration.ofMinutes(5)))
        .hasMessageStartingWith("java-app: flapping:");
  }
}
