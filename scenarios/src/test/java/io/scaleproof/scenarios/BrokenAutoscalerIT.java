package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default scenario's expectations against autoscalers broken on purpose, each a setting a team
 * might commit: the bounds are tight enough that each fails, naming its stage, while the shipped
 * settings pass (ScalingSuiteIT). The broken threshold is BrokenPipelineIT's, on every pull
 * request; these two run nightly, three to four minutes each.
 */
@Tag("nightly")
@ExtendWith(SharedPipeline.class)
class BrokenAutoscalerIT {
  @TempDir Path directory;

  @Test
  @DisplayName("maxReplicaCount 1: the scale-up expectation fails for every app")
  void capOfOneReplicaFailsTheScaleUp(PipelineSession session) {
    List<Expectation> failed =
        failedExpectations(
            session,
            "max-1",
            ShippedScenarios.find("default"),
            pipeline -> pipeline.withMaxReplicaCount(1));

    assertThat(failed)
        .extracting(Expectation::name)
        .anyMatch(name -> name.startsWith("java-app scales up"))
        .anyMatch(name -> name.startsWith("node-app scales up"))
        .anyMatch(name -> name.startsWith("python-app scales up"));
  }

  @Test
  @DisplayName("a 10-minute scale-down window: the scale-down expectation fails for every app")
  void longStabilizationFailsTheScaleDown(PipelineSession session) {
    List<Expectation> failed =
        failedExpectations(
            session,
            "slow-down",
            ShippedScenarios.find("default"),
            pipeline -> pipeline.withScaleDownStabilization(Duration.ofMinutes(10)));

    assertThat(failed)
        .extracting(Expectation::name)
        .anyMatch(name -> name.startsWith("java-app scales back down"))
        .anyMatch(name -> name.startsWith("node-app scales back down"))
        .anyMatch(name -> name.startsWith("python-app scales back down"));
    assertThat(failed)
        .as("only the scale-down is late: the scale-up still meets its bounds")
        .extracting(Expectation::name)
        .noneMatch(name -> name.contains("scales up"));
  }

  private List<Expectation> failedExpectations(
      PipelineSession session,
      String name,
      Scenario shipped,
      java.util.function.UnaryOperator<io.scaleproof.scenarios.spec.PipelineChanges> broken) {
    Scenario scenario = shipped.withPipeline(broken.apply(shipped.pipeline()));
    RunOutcome outcome =
        ScenarioRunner.run(scenario, directory.resolve(name), Progress.to(System.out), session);
    RunFiles.write(outcome);
    outcome
        .expectations()
        .forEach(
            e ->
                System.out.printf(
                    "broken autoscaler (%s): %s %s: %s%n",
                    name, e.passed() ? "PASS" : "FAIL", e.name(), e.detail()));
    assertThat(outcome.passed()).as("the run with " + name).isFalse();
    return outcome.expectations().stream().filter(e -> !e.passed()).toList();
  }
}
