package io.scaleproof.scenarios;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ScalingAssertions;
import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import io.scaleproof.scenarios.spec.Slo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error-rate scenario, end to end: a faulty release of python-app (a fifth of its requests
 * answered 500) is committed to Git and rolled out by Argo CD; under light load only its
 * ScaledObject's error-ratio trigger can scale it, and must, within the SLO windows; after the load
 * it comes back down.
 */
@Tag("pr")
@ExtendWith(SharedPipeline.class)
class ErrorRateScalingIT {
  @TempDir Path directory;

  @Test
  @DisplayName("errors past the error-ratio threshold scale python-app out in time, and back")
  void errorRatioScalesOutAndBack(PipelineSession session) {
    Scenario scenario = ShippedScenarios.find("errors");
    Slo slo = scenario.slo();

    RunOutcome outcome = ScenarioRunner.run(scenario, directory, Progress.to(System.out), session);
    RunFiles.write(outcome);
    AllureResults.addToCurrentTest(outcome, "python-app");

    outcome
        .expectations()
        .forEach(
            expectation ->
                System.out.printf(
                    "error-rate suite: %s %s: %s%n",
                    expectation.passed() ? "PASS" : "FAIL",
                    expectation.name(),
                    expectation.detail()));
    assertThat(outcome.recorded())
        .service("python-app")
        .whenErrorRatioExceeds(slo.errorRatioThreshold())
        .beyondTolerance(ScalingAssertions.HPA_TOLERANCE)
        .scalesUp()
        .decisionWithin(slo.decisionWithin())
        .readyWithin(slo.readyWithin())
        .afterLoadStops()
        .scalesDown()
        .within(slo.scaleDownWithin())
        .replicasStayWithin(slo.minReplicas(), slo.maxReplicas());
    // The median over the load, once the rule's 30 s window is full: a peak can come from a
    // window of a few requests (7 of 19 answered 500 is 0.37), the median cannot.
    java.time.Instant windowFull = outcome.recorded().loadStarted().plusSeconds(30);
    List<Double> duringLoad =
        outcome.recorded().services().get("python-app").samples().stream()
            .filter(sample -> sample.at().isAfter(windowFull))
            .filter(sample -> !sample.at().isAfter(outcome.recorded().loadStopped()))
            .map(Sample::errorRatio)
            .filter(java.util.Objects::nonNull)
            .sorted()
            .toList();
    assertThat(duringLoad).as("error ratios sampled during the load").hasSizeGreaterThan(10);
    assertThat(duringLoad.get(duringLoad.size() / 2))
        .as("the injected 20 %% errors, seen through the Collector and the recording rule")
        .isBetween(0.1, 0.3);
    assertThat(outcome.passed()).as("every expectation of the scenario").isTrue();
  }
}
