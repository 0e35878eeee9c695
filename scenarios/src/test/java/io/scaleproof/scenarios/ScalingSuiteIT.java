package io.scaleproof.scenarios;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.assertions.ScalingAssertions;
import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import io.scaleproof.scenarios.spec.Slo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default scenario, end to end on the embedded cluster: the whole pipeline created through Git,
 * the three sample apps under a ramp past one replica's capacity, and for each language the
 * SLO-scaling journey judged on the recorded timeline — scale up within the windows, p95 back under
 * the threshold, back down after the load. Compressed timers ({@code pr}), on the suites' shared
 * pipeline.
 */
@Tag("pr")
@ExtendWith(SharedPipeline.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingSuiteIT {
  private Path directory;
  private Scenario scenario;
  private RunOutcome outcome;

  @BeforeAll
  void runTheDefaultScenario(PipelineSession session, @TempDir Path runDirectory) {
    directory = runDirectory;
    scenario = ShippedScenarios.find("default");
    outcome = ScenarioRunner.run(scenario, directory, Progress.to(System.out), session);
    RunFiles.write(outcome);
    for (Expectation expectation : outcome.expectations()) {
      System.out.printf(
          "scaling suite: %s %s: %s%n",
          expectation.passed() ? "PASS" : "FAIL", expectation.name(), expectation.detail());
    }
  }

  @Test
  @DisplayName("Java: p95 past the threshold scales java-app up in time, and back down")
  void javaAppScalesOnP95() {
    journey("java-app");
  }

  @Test
  @DisplayName("Node.js: p95 past the threshold scales node-app up in time, and back down")
  void nodeAppScalesOnP95() {
    journey("node-app");
  }

  @Test
  @DisplayName("Python: p95 past the threshold scales python-app up in time, and back down")
  void pythonAppScalesOnP95() {
    journey("python-app");
  }

  @Test
  @DisplayName("summary.json says what the run found, with the figures of every service")
  void summaryFile() {
    JsonNode summary = JsonMapper.builder().build().readTree(directory.resolve("summary.json"));
    assertThat(summary.path("scenario").asString()).isEqualTo("default");
    assertThat(summary.path("backend").asString())
        .as("the backend the suite runs on")
        .isEqualTo(System.getProperty("scaleproof.backend", "sim"));
    assertThat(summary.path("passed").asBoolean()).isEqualTo(outcome.passed());
    assertThat(summary.path("expectations")).hasSize(outcome.expectations().size());
    for (String service : scenario.services()) {
      JsonNode figures = summary.path("services").path(service);
      assertThat(figures.path("peakReplicas").asInt()).as(service).isGreaterThan(1);
      assertThat(figures.path("finalReplicas").asInt()).as(service).isEqualTo(1);
      assertThat(figures.path("peakP95").asDouble())
          .as(service)
          .isGreaterThan(scenario.slo().p95ThresholdMs());
      assertThat(figures.path("timeToScaleUpSeconds").isNumber()).as(service).isTrue();
      assertThat(figures.path("replicaSeconds").asDouble()).as(service).isPositive();
    }
    assertThat(outcome.loadReport()).as("Gatling's HTML report").isPresent();
  }

  @Test
  @DisplayName("the run's chart, CSV and summary page are written next to summary.json")
  void chartAndSummaryPage() throws java.io.IOException {
    assertThat(directory.resolve("timeline.png")).isNotEmptyFile();
    assertThat(java.nio.file.Files.readString(directory.resolve("timeline.svg")))
        .contains(
            "data-service=\"java-app\"",
            "data-service=\"node-app\"",
            "data-service=\"python-app\"");
    assertThat(java.nio.file.Files.readAllLines(directory.resolve("timeline.csv")))
        .first()
        .isEqualTo(io.scaleproof.reports.TimelineCsv.HEADER);
    assertThat(java.nio.file.Files.readString(directory.resolve("summary.md")))
        .contains(
            "# scaleproof run: default",
            "## KPIs",
            "clients' breach → metric breach (s)",
            "metric breach → decision (s)",
            "timeline.png");
  }

  private void journey(String service) {
    AllureResults.addToCurrentTest(outcome, service);
    Slo slo = scenario.slo();
    assertThat(outcome.recorded())
        .service(service)
        .whenP95Exceeds(slo.p95ThresholdMs())
        .beyondTolerance(ScalingAssertions.HPA_TOLERANCE)
        .scalesUp()
        .decisionWithin(slo.decisionWithin())
        .readyWithin(slo.readyWithin())
        .p95RecoversWithin(slo.p95RecoversWithin())
        .afterLoadStops()
        .scalesDown()
        .within(slo.scaleDownWithin())
        .neverFlaps(slo.maxDirectionChanges(), slo.flapWindow())
        .errorRateStaysBelow(slo.errorRateBelow())
        .replicasStayWithin(slo.minReplicas(), slo.maxReplicas());
  }
}
