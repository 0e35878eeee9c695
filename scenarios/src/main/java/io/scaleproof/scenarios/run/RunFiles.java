package io.scaleproof.scenarios.run;

import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.reports.TimelineCsv;
import io.scaleproof.reports.chart.TimelineChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes what a run found into its directory: {@code summary.json} (the verdict, each expectation,
 * each service's figures; times in seconds) and {@code timeline.json} (every sample).
 */
public final class RunFiles {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RunFiles() {}

  /** Writes the files; returns the path of {@code summary.json}. */
  public static Path write(RunOutcome outcome) {
    return write(outcome, "");
  }

  /**
   * Writes the files, with {@code comparison} (Markdown: how the run compares with earlier ones) on
   * the summary page; returns the path of {@code summary.json}.
   */
  public static Path write(RunOutcome outcome, String comparison) {
    Path summary = outcome.directory().resolve("summary.json");
    write(summary, summary(outcome));
    write(outcome.directory().resolve("timeline.json"), timeline(outcome));
    writeText(outcome.directory().resolve("timeline.csv"), TimelineCsv.of(outcome.recorded()));
    TimelineChart.write(outcome.recorded(), outcome.directory());
    writeText(outcome.directory().resolve("summary.md"), SummaryPage.markdown(outcome, comparison));
    writeText(outcome.directory().resolve("queries.txt"), outcome.queries());
    copyScenario(outcome);
    AllureResults.write(outcome, outcome.directory().resolve("allure-results"));
    return summary;
  }

  /**
   * Keeps the scenario file the run was made of as {@code scenario.yaml}, so that what the run
   * measured can be replayed ({@code scaleproof tune}) against the load that made it.
   */
  private static void copyScenario(RunOutcome outcome) {
    Path source = outcome.scenario().source();
    if (source != null && Files.isRegularFile(source)) {
      try {
        Files.copy(
            source,
            outcome.directory().resolve("scenario.yaml"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static ObjectNode summary(RunOutcome outcome) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", outcome.scenario().name());
    root.put("backend", outcome.backend());
    root.put("passed", outcome.passed());
    root.put("loadStarted", outcome.recorded().loadStarted().toString());
    root.put("loadStopped", outcome.recorded().loadStopped().toString());
    root.put("load", outcome.scenario().load().describe());
    root.put("timers", outcome.scenario().timers().name().toLowerCase(java.util.Locale.ROOT));
    ArrayNode expectations = root.putArray("expectations");
    for (Expectation expectation : outcome.expectations()) {
      expectations
          .addObject()
          .put("name", expectation.name())
          .put("passed", expectation.passed())
          .put("detail", expectation.detail());
    }
    ObjectNode services = root.putObject("services");
    outcome.figures().forEach((service, figures) -> services.set(service, figures(figures)));
    outcome
        .loadReport()
        .ifPresent(
            report -> root.put("gatlingReport", outcome.directory().relativize(report).toString()));
    return root;
  }

  private static ObjectNode figures(ServiceFigures figures) {
    ObjectNode node = JSON.createObjectNode();
    node.put("threshold", figures.threshold());
    node.put("peakP95", figures.peakP95());
    node.put("initialReplicas", figures.initialReplicas());
    node.put("peakReplicas", figures.peakReplicas());
    node.put("finalReplicas", figures.finalReplicas());
    node.put("timeToScaleUpSeconds", figures.timeToScaleUpSeconds());
    node.put("timeToRecoverySeconds", figures.timeToRecoverySeconds());
    node.put("timeToScaleDownSeconds", figures.timeToScaleDownSeconds());
    node.put("directionChanges", figures.directionChanges());
    node.put("replicaSeconds", figures.replicaSeconds());
    node.put("sloViolationSeconds", figures.sloViolationSeconds());
    node.put("peakErrorRatio", figures.peakErrorRatio());
    node.put("peakRequestsPerSecond", figures.peakRequestsPerSecond());
    node.put("metricLagSeconds", figures.metricLagSeconds());
    node.put("withinToleranceSeconds", figures.withinToleranceSeconds());
    return node;
  }

  static ObjectNode timeline(RunOutcome outcome) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", outcome.scenario().name());
    root.put("loadStarted", outcome.recorded().loadStarted().toString());
    root.put("loadStopped", outcome.recorded().loadStopped().toString());
    ObjectNode services = root.putObject("services");
    for (ServiceTimeline timeline : outcome.recorded().services().values()) {
      ObjectNode service = services.putObject(timeline.service());
      service.put("p95ThresholdMs", timeline.p95ThresholdMs());
      ArrayNode samples = service.putArray("samples");
      for (Sample sample : timeline.samples()) {
        samples
            .addObject()
            .put("at", sample.at().toString())
            .put("replicas", sample.replicas())
            .put("readyReplicas", sample.readyReplicas())
            .put("p95Ms", sample.p95Ms())
            .put("errorRatio", sample.errorRatio())
            .put("requestsPerSecond", sample.requestsPerSecond())
            .put("clientP95Ms", sample.clientP95Ms())
            .put("fallback", sample.fallback())
            .put("scalerError", sample.scalerError());
      }
    }
    ArrayNode faults = root.putArray("faults");
    for (FaultWindow fault : outcome.recorded().faults()) {
      faults
          .addObject()
          .put("kind", fault.kind())
          .put("service", fault.service())
          .put("target", fault.target())
          .put("started", fault.started().toString())
          .put("ended", fault.ended() == null ? null : fault.ended().toString())
          .put("observed", fault.observed());
    }
    return root;
  }

  private static void writeText(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void write(Path file, ObjectNode content) {
    try {
      Files.writeString(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
