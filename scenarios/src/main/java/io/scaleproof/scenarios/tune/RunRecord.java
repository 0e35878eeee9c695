package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ScenarioFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run directory as {@code scaleproof tune} reads it: {@code summary.json} (scenario, backend),
 * {@code timeline.json} (every sample) and {@code scenario.yaml} (the scenario file the run was
 * made of).
 *
 * @param directory the run directory
 * @param backend where it ran
 * @param scenario the scenario the run was made of, read from its {@code scenario.yaml}
 * @param recorded the samples
 */
public record RunRecord(Path directory, String backend, Scenario scenario, RecordedRun recorded) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Reads {@code directory}.
   *
   * @throws InvalidInputException naming the file and field that is missing or broken
   */
  public static RunRecord read(Path directory) {
    Path summaryFile = directory.resolve("summary.json");
    Path timelineFile = directory.resolve("timeline.json");
    Path scenarioFile = directory.resolve("scenario.yaml");
    if (!Files.isDirectory(directory) || !Files.isRegularFile(summaryFile)) {
      throw new InvalidInputException(
          directory,
          "--from",
          "is not a run directory (no summary.json)",
          "Give a directory that scaleproof run wrote, such as reports/runs/<timestamp>");
    }
    if (!Files.isRegularFile(timelineFile)) {
      throw new InvalidInputException(
          timelineFile, "timeline.json", "is missing", "Give a complete run directory");
    }
    if (!Files.isRegularFile(scenarioFile)) {
      throw new InvalidInputException(
          scenarioFile,
          "scenario.yaml",
          "is missing: the run was recorded by an earlier scaleproof, or from a scenario built"
              + " in Java",
          "Record the run again with this scaleproof (./scaleproof run SCENARIO)");
    }
    JsonNode summary = json(summaryFile);
    JsonNode timeline = json(timelineFile);
    String backend = text(summary, "backend", summaryFile);
    Scenario scenario = ScenarioFile.read(scenarioFile);
    String recordedName = text(timeline, "scenario", timelineFile);
    if (!recordedName.equals(scenario.name())) {
      throw new InvalidInputException(
          timelineFile,
          "scenario",
          "is '" + recordedName + "', but scenario.yaml is '" + scenario.name() + "'",
          "Give a run directory as scaleproof run wrote it");
    }
    Map<String, ServiceTimeline> services = new LinkedHashMap<>();
    JsonNode servicesNode = timeline.path("services");
    for (String service : servicesNode.propertyNames()) {
      JsonNode node = servicesNode.get(service);
      List<Sample> samples = new ArrayList<>();
      for (JsonNode sample : node.path("samples")) {
        samples.add(
            new Sample(
                Instant.parse(sample.path("at").asString()),
                sample.path("replicas").asInt(),
                sample.path("readyReplicas").asInt(),
                number(sample, "p95Ms"),
                number(sample, "errorRatio"),
                number(sample, "requestsPerSecond"),
                number(sample, "clientP95Ms")));
      }
      services.put(
          service, new ServiceTimeline(service, node.path("p95ThresholdMs").asDouble(), samples));
    }
    RecordedRun recorded =
        new RecordedRun(
            recordedName,
            Instant.parse(text(timeline, "loadStarted", timelineFile)),
            Instant.parse(text(timeline, "loadStopped", timelineFile)),
            services);
    return new RunRecord(directory, backend, scenario, recorded);
  }

  private static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new InvalidInputException(
          file,
          "(file)",
          "is not JSON: " + e.getOriginalMessage(),
          "Give a complete run directory");
    }
  }

  private static String text(JsonNode node, String field, Path file) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new InvalidInputException(
          file, field, "is missing", "Give a run directory as scaleproof run wrote it");
    }
    return value.asString();
  }

  private static Double number(JsonNode sample, String field) {
    JsonNode value = sample.get(field);
    return value == null || value.isNull() ? null : value.asDouble();
  }
}
