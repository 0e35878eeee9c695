package io.scaleproof.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.scenarios.junit.RunOutcomeAssert;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a run leaves in its directory, from a recorded run made up here. */
class RunFilesTest {
  private static final Instant START = Instant.parse("2026-11-26T04:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String QUERIES =
      "# java-app latency\nmax(service_name:traces_span_metrics_duration_milliseconds:p95_rate30s)\n";

  @TempDir Path directory;

  private RunOutcome outcome;

  /** java-app scales up and back in time; node-app never scales (its decision stage is late). */
  @BeforeEach
  void judgeARun() {
    Scenario scenario =
        ShippedScenarios.find("default").withServices(List.of("java-app", "node-app"));
    Map<String, ServiceTimeline> timelines = new LinkedHashMap<>();
    timelines.put("java-app", timeline("java-app", true));
    timelines.put("node-app", timeline("node-app", false));
    RecordedRun run = new RecordedRun("default", START, START.plusSeconds(120), timelines);
    Map<String, ServiceFigures> figures = new LinkedHashMap<>();
    timelines.forEach(
        (service, timeline) ->
            figures.put(service, ServiceFigures.of(timeline, START, START.plusSeconds(120))));
    outcome =
        new RunOutcome(
            scenario,
            "sim",
            run,
            Expectations.judge(scenario, run, ProjectPipeline.shipped().thresholds(scenario)),
            figures,
            directory,
            Optional.empty(),
            List.of(new Phase("load", START, START.plusSeconds(120))),
            QUERIES);
  }

  @Test
  @DisplayName("summary.json: the verdict, each expectation, and each service's figures")
  void summary() {
    JsonNode summary = JSON.readTree(RunFiles.write(outcome));

    assertThat(summary.path("passed").asBoolean()).isFalse();
    assertThat(summary.path("expectations").get(0).path("passed").asBoolean()).isTrue();
    assertThat(summary.path("expectations").get(5).path("detail").asString())
        .startsWith("node-app: decision stage late");
    JsonNode javaApp = summary.path("services").path("java-app");
    assertThat(javaApp.path("timeToScaleUpSeconds").asDouble()).isEqualTo(10.0);
    assertThat(javaApp.path("peakReplicas").asInt()).isEqualTo(3);
    assertThat(javaApp.path("metricLagSeconds").asDouble()).isEqualTo(6.0);
    assertThat(summary.path("services").path("node-app").path("timeToScaleUpSeconds").isNull())
        .isTrue();
  }

  @Test
  @DisplayName("the chart, the data, the summary page and the queries sit next to summary.json")
  void filesForPeople() throws IOException {
    RunFiles.write(outcome, "Compared with nothing yet.\n");

    assertThat(directory.resolve("timeline.png")).isNotEmptyFile();
    assertThat(directory.resolve("timeline.svg")).content().contains("data-service=\"node-app\"");
    assertThat(Files.readAllLines(directory.resolve("timeline.csv"))).hasSize(1 + 2 * 200);
    assertThat(directory.resolve("summary.md"))
        .content()
        .contains(
            "— FAILED", "**FAIL** node-app scales up", "| metric breach → decision (s) | 10 |")
        .contains("| clients' breach → metric breach (s) | 6 | 6 |")
        .contains("## Compared with earlier runs", "Compared with nothing yet.");
    assertThat(directory.resolve("queries.txt")).content().isEqualTo(QUERIES);
  }

  @Test
  @DisplayName(
      "Allure results: one per service, the phases and expectations as steps, files attached")
  void allureResults() throws IOException {
    RunFiles.write(outcome);
    Path results = directory.resolve("allure-results");

    List<JsonNode> written = new ArrayList<>();
    try (Stream<Path> files = Files.list(results)) {
      for (Path file : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
        written.add(JSON.readTree(file));
      }
    }

    assertThat(written)
        .extracting(
            result -> result.path("fullName").asString() + "=" + result.path("status").asString())
        .containsExactlyInAnyOrder(
            "scaleproof.default.java-app=passed", "scaleproof.default.node-app=failed");
    JsonNode nodeApp =
        written.stream()
            .filter(r -> r.path("fullName").asString().endsWith("node-app"))
            .findFirst()
            .orElseThrow();
    assertThat(nodeApp.path("statusDetails").path("message").asString())
        .startsWith("node-app: decision stage late");
    assertThat(nodeApp.path("steps").get(0).path("name").asString()).isEqualTo("load");
    assertThat(nodeApp.path("steps")).hasSize(1 + 5);
    for (JsonNode attachment : nodeApp.path("attachments")) {
      assertThat(results.resolve(attachment.path("source").asString())).exists();
    }
    assertThat(nodeApp.path("attachments"))
        .extracting(attachment -> attachment.path("type").asString())
        .contains("image/png", "image/svg+xml", "text/csv");
  }

  @Test
  @DisplayName("Allure results carry Gatling's report as a zip and the logs of pods that failed")
  void gatlingReportAndFailedPods() throws IOException {
    Path report = Files.createDirectories(directory.resolve("gatling/scalingload-1/js"));
    Files.writeString(report.getParent().resolve("index.html"), "<html>Gatling</html>");
    Files.writeString(report.resolve("stats.js"), "var stats = {};");
    Path logs = Files.createDirectories(directory.resolve(FailedPods.DIRECTORY));
    Files.writeString(logs.resolve("apps.node-app-5d9f-x2.log"), "# pod apps/node-app-5d9f-x2\n");

    RunFiles.write(outcome);

    Path results = directory.resolve("allure-results");
    JsonNode javaApp;
    try (Stream<Path> files = Files.list(results)) {
      javaApp =
          JSON.readTree(
              files
                  .filter(f -> f.toString().endsWith("-result.json"))
                  .filter(f -> JSON.readTree(f).path("fullName").asString().endsWith("java-app"))
                  .findFirst()
                  .orElseThrow());
    }
    Map<String, Path> attached = new LinkedHashMap<>();
    javaApp
        .path("attachments")
        .forEach(
            a ->
                attached.put(
                    a.path("name").asString(), results.resolve(a.path("source").asString())));
    assertThat(attached)
        .containsKeys(
            "Gatling report (zip: open index.html)", "log of failed pod apps.node-app-5d9f-x2");
    try (java.util.zip.ZipFile zip =
        new java.util.zip.ZipFile(attached.get("Gatling report (zip: open index.html)").toFile())) {
      assertThat(zip.stream().map(java.util.zip.ZipEntry::getName))
          .containsExactlyInAnyOrder("index.html", "js/stats.js");
    }
    assertThat(attached.get("log of failed pod apps.node-app-5d9f-x2"))
        .content()
        .startsWith("# pod apps/node-app-5d9f-x2");
  }

  /**
   * 200 s from t−40 s; when {@code scales}, up to 3 replicas 10 s after a breach at t+30 s, which
   * the clients saw at t+24 s.
   */
  @Test
  @DisplayName("a service without an error signal gets no error expectation: it could not fail")
  void noErrorSignalNoErrorExpectation() {
    Scenario scenario = outcome.scenario();
    Map<String, ProjectPipeline.Thresholds> latencyOnly = new LinkedHashMap<>();
    scenario
        .services()
        .forEach(s -> latencyOnly.put(s, new ProjectPipeline.Thresholds(150, null, false)));

    List<Expectation> judged = Expectations.judge(scenario, outcome.recorded(), latencyOnly);

    assertThat(judged)
        .extracting(Expectation::name)
        .noneMatch(name -> name.contains("error ratio"));
    assertThat(outcome.expectations())
        .extracting(Expectation::name)
        .anyMatch(name -> name.equals("java-app error ratio stays below 0.05"));
  }

  @Test
  @DisplayName("the extension's assertion fails on a run whose expectation failed, naming it")
  void runOutcomeAssertNamesTheFailure() {
    assertThatThrownBy(() -> RunOutcomeAssert.assertThat(outcome).holdsItsExpectations())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("scenario default: 1 expectation(s) failed")
        .hasMessageContaining("FAIL node-app scales up")
        .hasMessageContaining(directory.toString());
    RunOutcomeAssert.assertThat(outcome)
        .service("java-app")
        .whenP95Exceeds(150)
        .scalesUp()
        .decisionWithin(Duration.ofSeconds(20));
  }

  private static ServiceTimeline timeline(String service, boolean scales) {
    List<Sample> samples = new ArrayList<>();
    for (int t = -40; t < 160; t++) {
      boolean breached = t >= 30 && (!scales || t < 70) && t <= 120;
      // The clients feel it 6 s before the metric shows it.
      boolean clientBreached = t >= 24 && (!scales || t < 64) && t <= 120;
      int replicas = scales && t >= 40 && t < 150 ? 3 : 1;
      samples.add(
          new Sample(
              START.plusSeconds(t),
              replicas,
              scales && t >= 40 && t < 50 ? 1 : replicas,
              t >= 0 && t <= 120 ? (breached ? 400.0 : 100.0) : null,
              t >= 0 && t <= 120 ? 0.0 : null,
              t >= 0 && t <= 120 ? 45.0 : null,
              t >= 0 && t <= 120 ? (clientBreached ? 420.0 : 90.0) : null));
    }
    return new ServiceTimeline(service, 150, samples);
  }
}
