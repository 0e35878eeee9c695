package io.scaleproof.scenarios;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault story every team asks about first, in the gate: Prometheus goes away under load with no
 * fallback declared. The HPA must hold the replicas it has, nothing may read the silence as no
 * load, and everything must be whole again when Prometheus is back. The other fault scenarios run
 * nightly (ShippedScenariosIT).
 */
@Tag("pr")
@ExtendWith(SharedPipeline.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultScenariosIT {
  /** How closely the wall clock and the monotonic clock the schedule runs on agree. */
  private static final Duration CLOCKS_AGREE = Duration.ofMillis(20);

  private Path directory;
  private RunOutcome outcome;

  @BeforeAll
  void runPrometheusDown(PipelineSession session, @TempDir Path runDirectory) {
    directory = runDirectory;
    Scenario scenario = ShippedScenarios.find("prometheus-down");
    outcome = ScenarioRunner.run(scenario, directory, Progress.to(System.out), session);
    RunFiles.write(outcome);
    AllureResults.addToCurrentTest(outcome);
    for (Expectation expectation : outcome.expectations()) {
      System.out.printf(
          "faults: %s %s: %s%n",
          expectation.passed() ? "PASS" : "FAIL", expectation.name(), expectation.detail());
    }
  }

  @Test
  @DisplayName("Prometheus down under load, no fallback: every expectation of the scenario holds")
  void everyExpectationHolds() {
    assertThat(outcome.expectations())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.passed()).as(e.name() + ": " + e.detail()).isTrue());
  }

  @Test
  @DisplayName("the replicas hold, KEDA fails the trigger, and the service is whole after")
  void replicasHoldThroughTheOutage() {
    assertThat(outcome.recorded())
        .service("java-app")
        .whileFault("prometheusDown")
        .replicasHold()
        .neverScalesDownUnderLoad()
        .scalerFails()
        .fallbackStaysOff()
        .afterFault()
        .recoversWithin(Duration.ofSeconds(15));
  }

  @Test
  @DisplayName("the fault's window is in the timeline, the summary and the chart")
  void faultWindowIsReported() throws Exception {
    assertThat(outcome.recorded().faults())
        .singleElement()
        .satisfies(
            fault -> {
              assertThat(fault.kind()).isEqualTo("prometheusDown");
              assertThat(fault.target()).isEqualTo("Service observability/prometheus");
              assertThat(fault.ended()).isNotNull();
              // The schedule runs on the monotonic clock and the record on the wall clock: they
              // agree to a few milliseconds. How late a fault is made is no test's business.
              assertThat(Duration.between(fault.started(), fault.ended()))
                  .isGreaterThanOrEqualTo(Duration.ofSeconds(30).minus(CLOCKS_AGREE));
              assertThat(fault.ended()).isBefore(outcome.recorded().loadStopped());
            });
    FaultWindow fault = outcome.recorded().faults().get(0);
    assertThat(Duration.between(outcome.recorded().loadStarted(), fault.started()))
        .as("made 50 s into the load, as the scenario says")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(50).minus(CLOCKS_AGREE));
    assertThat(Files.readString(directory.resolve("timeline.json")))
        .contains("\"kind\" : \"prometheusDown\"");
    assertThat(Files.readString(directory.resolve("summary.md")))
        .contains("## Faults")
        .contains("| prometheusDown | Service observability/prometheus | t+50");
    assertThat(Files.readString(directory.resolve("timeline.svg"))).contains("prometheusDown");
  }
}
