package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.cli.ScaleproofCommand;
import io.scaleproof.scenarios.run.AllureResults;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deliberately broken pipeline through the main job: the shipped {@code broken-threshold}
 * scenario commits a p95 threshold of 5 s to java-app's ScaledObject while its SLO asks for 150 ms.
 * Load pushes p95 past 150 ms, nothing scales, and the run must say so: exit code 1, the decision
 * stage named as late in {@code summary.json}.
 */
@Tag("pr")
class BrokenPipelineIT {
  @TempDir Path directory;

  @Test
  @DisplayName("a threshold far above the reachable p95: exit 1, the decision stage late")
  void brokenThresholdFailsAtTheDecisionStage() throws java.io.IOException {
    Path history = directory.resolve("history.csv");
    int exit =
        ScaleproofCommand.execute(
            "run",
            "broken-threshold",
            "--out",
            directory.resolve("run").toString(),
            "--history",
            history.toString());

    AllureResults.attachRunFiles(directory.resolve("run"));
    assertThat(exit).as("the exit code of a run whose expectation failed").isEqualTo(1);
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
    assertThat(java.nio.file.Files.readAllLines(history))
        .as("the run's KPIs appended to the history")
        .anyMatch(row -> row.contains(",broken-threshold,false,java-app,replicaSeconds,"));
    assertThat(directory.resolve("run/trends.png")).as("the KPI trend chart").isNotEmptyFile();
    assertThat(java.nio.file.Files.readString(directory.resolve("run/summary.md")))
        .contains("**FAIL** java-app scales up", "trends.png");
  }
}
