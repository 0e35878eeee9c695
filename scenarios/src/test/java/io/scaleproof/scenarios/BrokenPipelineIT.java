package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.cli.RunVerdict;
import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.HistoryComparison;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deliberately broken pipeline, judged and reported as the main job reports it: the shipped
 * {@code broken-threshold} scenario commits a p95 threshold of 60 s to java-app's ScaledObject
 * while its SLO asks for 150 ms. Load pushes p95 past 150 ms, nothing scales, and the run must say
 * so: exit code 1, the decision stage named as late in {@code summary.json}. On the suites' shared
 * pipeline, which the run leaves as it found it.
 */
@Tag("pr")
@ExtendWith(SharedPipeline.class)
class BrokenPipelineIT {
  @TempDir Path directory;

  @Test
  @DisplayName("a threshold far above the reachable p95: exit 1, the decision stage late")
  void brokenThresholdFailsAtTheDecisionStage(PipelineSession session) throws Exception {
    Path history = directory.resolve("history.csv");
    RunOutcome outcome =
        ScenarioRunner.run(
            ShippedScenarios.find("broken-threshold"),
            directory.resolve("run"),
            Progress.to(System.out),
            session);
    StringWriter printed = new StringWriter();
    int exit =
        RunVerdict.conclude(
            outcome, new HistoryComparison(history, 5, 0.25), new PrintWriter(printed));
    System.out.print(printed);

    AllureResults.attachRunFiles(directory.resolve("run"));
    assertThat(exit).as("the exit code of a run whose expectation failed").isEqualTo(1);
    assertThat(printed.toString()).contains("FAIL  java-app scales up", "expectation(s) failed");
    JsonNode summary = JsonMapper.builder().build().readTree(directory.resolve("run/summary.json"));
    assertThat(summary.path("passed").asBoolean()).isFalse();
    JsonNode scaleUp = summary.path("expectations").get(0);
    assertThat(scaleUp.path("name").asString())
        .startsWith("java-app scales up when p95 exceeds 150");
    assertThat(scaleUp.path("passed").asBoolean()).isFalse();
    assertThat(scaleUp.path("detail").asString())
        .as("the failure names the late stage")
        .contains("java-app: decision stage late");
    JsonNode figures = summary.path("services").path("java-app");
    assertThat(figures.path("peakP95").asDouble()).isGreaterThan(150);
    assertThat(figures.path("peakReplicas").asInt()).isEqualTo(1);
    assertThat(Files.readAllLines(history))
        .as("the run's KPIs appended to the history")
        .anyMatch(row -> row.contains(",broken-threshold,false,java-app,replicaSeconds,"));
    assertThat(directory.resolve("run/trends.png")).as("the KPI trend chart").isNotEmptyFile();
    assertThat(Files.readString(directory.resolve("run/summary.md")))
        .contains("**FAIL** java-app scales up", "trends.png");
  }
}
