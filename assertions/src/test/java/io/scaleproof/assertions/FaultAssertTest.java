package io.scaleproof.assertions;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fault stories on synthetic timelines: three replicas when Prometheus goes down at t+60 for 35
 * s, under a load that runs to t+120.
 */
class FaultAssertTest {

  /** Up to three replicas by t+40, the metric read every second until Prometheus goes away. */
  private static Recording scaledUp() {
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90).fallback(false).scalerError(false);
    javaApp.at(20).replicas(3).p95(400);
    javaApp.at(40).ready(3).p95(200);
    javaApp.at(55).p95(130);
    javaApp.fault("prometheusDown", 60, 95);
    return javaApp;
  }

  /** KEDA fails the trigger while Prometheus is down and the HPA keeps three replicas. */
  private static RecordedRun held() {
    Recording javaApp = scaledUp();
    for (int t = 61; t <= 95; t += 2) {
      javaApp.at(t).noP95().scalerError(t >= 65);
    }
    javaApp.at(100).p95(120).scalerError(false);
    javaApp.at(180).replicas(1).ready(1).noP95();
    return javaApp.run(120);
  }

  /** The empty answer read as 0: the HPA takes the app down to one replica under load. */
  private static RecordedRun scaledDownUnderLoad() {
    Recording javaApp = scaledUp();
    javaApp.at(61).noP95();
    javaApp.at(80).replicas(2).ready(2);
    javaApp.at(90).replicas(1).ready(1);
    javaApp.at(100).p95(400);
    return javaApp.run(120);
  }

  /** A fallback to four replicas, 20 s into the outage. */
  private static RecordedRun fellBack() {
    Recording javaApp = scaledUp();
    javaApp.at(61).noP95().scalerError(true);
    javaApp.at(78).fallback(true);
    javaApp.at(80).replicas(4);
    javaApp.at(90).ready(4);
    javaApp.at(100).p95(100).fallback(false).scalerError(false);
    return javaApp.run(120);
  }

  @Test
  @DisplayName("replicas that hold through the outage, with KEDA failing the trigger, pass")
  void holdsThroughTheOutage() {
    assertThatCode(
            () ->
                assertThat(held())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .replicasHold()
                    .neverScalesDownUnderLoad()
                    .scalerFails()
                    .fallbackStaysOff()
                    .afterFault()
                    .recoversWithin(Duration.ofSeconds(10)))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName(
      "a scale-down under load fails, naming the service, the fault, its window and the stage")
  void scaleDownUnderLoadFails() {
    assertThatThrownBy(
            () ->
                assertThat(scaledDownUnderLoad())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .neverScalesDownUnderLoad())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "java-app: while prometheusDown (t+60.0s..t+95.0s): scale-down under load:")
        .hasMessageContaining("replicas went 3→2 at t+80.0s");
    assertThatThrownBy(
            () ->
                assertThat(scaledDownUnderLoad())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .replicasHold())
        .hasMessageContaining("replicas hold: replicas went 3→2 at t+80.0s");
  }

  @Test
  @DisplayName("the fall to one replica is what reaches(1) describes, and it comes in time")
  void reachesOne() {
    assertThatCode(
            () ->
                assertThat(scaledDownUnderLoad())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .reaches(1)
                    .within(Duration.ofSeconds(30)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                assertThat(scaledDownUnderLoad())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .reaches(1)
                    .within(Duration.ofSeconds(20)))
        .hasMessageContaining(
            "replicas reach 1: reached at t+90.0s, 30.0s after the fault started");
  }

  @Test
  @DisplayName("a fallback needs the count in time and the Fallback condition")
  void fallsBack() {
    assertThatCode(
            () ->
                assertThat(fellBack())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .fallsBackTo(4)
                    .within(Duration.ofSeconds(25))
                    .fallbackActivates()
                    .scalerFails()
                    .afterFault()
                    .recoversWithin(Duration.ofSeconds(10)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                assertThat(fellBack())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .fallsBackTo(4)
                    .within(Duration.ofSeconds(15)))
        .hasMessageContaining("fallback to 4: reached at t+80.0s");
    // Four replicas without the condition is a scale-up, not a fallback.
    assertThatThrownBy(
            () ->
                assertThat(fellBack())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .fallbackStaysOff())
        .hasMessageContaining(
            "fallback: the ScaledObject's Fallback condition was True at t+78.0s");
  }

  @Test
  @DisplayName("a replica count left before the fault ends fails the reach")
  void leftTheFallback() {
    Recording javaApp = scaledUp();
    javaApp.at(61).noP95();
    javaApp.at(80).replicas(4).fallback(true);
    javaApp.at(90).replicas(3);
    assertThatThrownBy(
            () ->
                assertThat(javaApp.run(120))
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .fallsBackTo(4)
                    .within(Duration.ofSeconds(25)))
        .hasMessageContaining("reached at t+80.0s but left for 3 at t+90.0s");
  }

  @Test
  @DisplayName("a service not whole again in the window fails the recovery")
  void lateRecovery() {
    assertThatThrownBy(
            () ->
                assertThat(held())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .afterFault()
                    .recoversWithin(Duration.ofSeconds(2)))
        .hasMessageStartingWith("java-app: while prometheusDown (t+60.0s..t+95.0s): recovery:");
  }

  @Test
  @DisplayName(
      "KEDA that kept answering fails scalerFails; a run without the fault says which it made")
  void scalerErrorsAndMissingFaults() {
    assertThatThrownBy(
            () ->
                assertThat(scaledDownUnderLoad())
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .scalerFails())
        .hasMessageContaining("scaler errors: KEDA never reported the trigger failing");
    assertThatThrownBy(() -> assertThat(held()).service("java-app").whileFault("collectorDown"))
        .hasMessage(
            "java-app: fault: the run made no collectorDown that concerns it; faults made:"
                + " prometheusDown");
  }

  @Test
  @DisplayName("what the recorder did not read cannot pass for what it saw")
  void unrecordedFieldsFail() {
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(3).ready(3).p95(100);
    javaApp.fault("prometheusDown", 10, 20);
    javaApp.at(15).noP95();
    javaApp.at(25).p95(100);
    assertThatThrownBy(
            () ->
                assertThat(javaApp.run(30))
                    .service("java-app")
                    .whileFault("prometheusDown")
                    .scalerKeepsAnswering())
        .hasMessageContaining("KEDA's trigger health was not recorded while it lasted");
  }
}
