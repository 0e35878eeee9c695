package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.HistoryComparison;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import io.scaleproof.scenarios.spec.Timers;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario with the pull-request timers, end to end on the suites' shared pipeline:
 * each passes, but {@code broken-threshold}, which must fail at the decision stage. Each run's KPIs
 * go to the run history ({@code -Dscaleproof.history}, default {@code reports/history.csv}), so
 * that {@code ./scaleproof scenarios} shows its last result. The {@code nightly} scenario, with
 * production timers, runs in NightlyScalingIT.
 */
@Tag("nightly")
@ExtendWith(SharedPipeline.class)
class ShippedScenariosIT {
  @TempDir Path directory;

  static Stream<String> scenarios() {
    return ShippedScenarios.all().stream()
        .filter(scenario -> scenario.timers() == Timers.PR)
        .map(Scenario::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  @DisplayName("a shipped scenario passes on a working pipeline (the broken one fails)")
  void shippedScenarioRunsAsItSays(String name, PipelineSession session) {
    Scenario scenario = ShippedScenarios.find(name);
    RunOutcome outcome =
        ScenarioRunner.run(scenario, directory.resolve(name), Progress.to(System.out), session);
    Path history = Path.of(System.getProperty("scaleproof.history", "../reports/history.csv"));
    RunFiles.write(outcome, new HistoryComparison(history, 5, 0.25).record(outcome).markdown());
    AllureResults.addToCurrentTest(outcome);
    outcome
        .expectations()
        .forEach(
            e ->
                System.out.printf(
                    "%s: %s %s: %s%n", name, e.passed() ? "PASS" : "FAIL", e.name(), e.detail()));

    if ("broken-threshold".equals(name)) {
      assertThat(outcome.expectations())
          .filteredOn(expectation -> !expectation.passed())
          .extracting(Expectation::detail)
          .anyMatch(detail -> detail.contains("decision stage late"));
    } else {
      assertThat(outcome.expectations())
          .as("the expectations of " + name)
          .isNotEmpty()
          .allSatisfy(
              expectation -> assertThat(expectation.passed()).as(expectation.detail()).isTrue());
    }
  }
}
