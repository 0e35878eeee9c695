package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.HistoryComparison;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly SLO-scaling regression: the {@code nightly} scenario, with production timers (HPA
 * sync 15 s, the declared 60 s scale-down window) and a five-minute soak past capacity on all three
 * apps. Runs under {@code ./mvnw verify -Pnightly}.
 */
@Tag("nightly")
class NightlyScalingIT {
  @TempDir Path directory;

  @Test
  @DisplayName("nightly: production timers, a soak past capacity, every expectation holds")
  void nightlyScenarioHolds() {
    RunOutcome outcome = SuiteBackend.run(ShippedScenarios.find("nightly"), directory);
    // Nightly runs are the history: their KPIs go to the file kept with the reports.
    Path history = Path.of(System.getProperty("scaleproof.history", "../reports/history.csv"));
    HistoryComparison.Found compared = new HistoryComparison(history, 5, 0.25).record(outcome);
    RunFiles.write(outcome, compared.markdown());
    AllureResults.addToCurrentTest(outcome);
    compared.regressions().forEach(regression -> System.out.println("regression: " + regression));

    assertThat(outcome.expectations())
        .as("the nightly scenario's expectations")
        .allSatisfy(
            expectation -> assertThat(expectation.passed()).as(expectation.detail()).isTrue())
        .extracting(Expectation::name)
        .isNotEmpty();
  }
}
