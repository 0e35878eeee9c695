package io.scaleproof.scenarios.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run as Allure results (the {@code allure-results} format that allure-junit5 writes too): one
 * test result per service, its steps the run's phases and then each of its expectations, with the
 * chart, its data, the PromQL queries, the live objects and the summary page attached. Any Allure
 * report generator reads them; the same service of the same scenario keeps one history id, so
 * Allure's own trend follows it from run to run.
 */
public final class AllureResults {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Files of the run directory attached to every result: file, Allure name, MIME type. */
  private record Attachment(String file, String name, String type) {}

  private static final List<Attachment> ATTACHMENTS =
      List.of(
          new Attachment("timeline.png", "timeline chart (PNG)", "image/png"),
          new Attachment("timeline.svg", "timeline chart (SVG)", "image/svg+xml"),
          new Attachment("timeline.csv", "timeline data (CSV)", "text/csv"),
          new Attachment("queries.txt", "PromQL queries", "text/plain"),
          new Attachment(
              "objects.yaml", "Application, ScaledObjects and HPAs at the end", "text/yaml"),
          new Attachment("summary.md", "summary", "text/markdown"));

  private AllureResults() {}

  /** Writes the results into {@code results} (created if absent); returns the directory. */
  public static Path write(RunOutcome outcome, Path results) {
    try {
      Files.createDirectories(results);
      Map<String, String> sources = copyAttachments(outcome.directory(), results);
      for (String service : outcome.scenario().services()) {
        ObjectNode result = result(outcome, service, sources);
        Files.writeString(
            results.resolve(result.path("uuid").asString() + "-result.json"),
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Allure results into " + results, e);
    }
    return results;
  }

  private static ObjectNode result(
      RunOutcome outcome, String service, Map<String, String> sources) {
    String scenario = outcome.scenario().name();
    List<Expectation> expectations =
        outcome.expectations().stream().filter(e -> e.name().startsWith(service + " ")).toList();
    boolean passed = expectations.stream().allMatch(Expectation::passed);
    ObjectNode result = JSON.createObjectNode();
    result.put("uuid", UUID.randomUUID().toString());
    String id =
        UUID.nameUUIDFromBytes((scenario + "/" + service).getBytes(StandardCharsets.UTF_8))
            .toString();
    result.put("historyId", id);
    result.put("testCaseId", id);
    result.put("fullName", "scaleproof." + scenario + "." + service);
    result.put("name", service + ": " + outcome.scenario().description());
    result.put("status", passed ? "passed" : "failed");
    result.put("stage", "finished");
    expectations.stream()
        .filter(e -> !e.passed())
        .findFirst()
        .ifPresent(failed -> result.putObject("statusDetails").put("message", failed.detail()));
    List<Phase> phases = outcome.phases();
    Instant start = phases.isEmpty() ? outcome.recorded().loadStarted() : phases.get(0).start();
    Instant stop =
        phases.isEmpty() ? outcome.recorded().loadStopped() : phases.get(phases.size() - 1).stop();
    result.put("start", start.toEpochMilli());
    result.put("stop", stop.toEpochMilli());
    ArrayNode labels = result.putArray("labels");
    label(labels, "suite", "scaleproof run");
    label(labels, "feature", scenario);
    label(labels, "story", service);
    label(labels, "framework", "scaleproof");
    ArrayNode steps = result.putArray("steps");
    for (Phase phase : phases) {
      step(steps, phase.name(), true, null, phase.start(), phase.stop());
    }
    for (Expectation expectation : expectations) {
      step(
          steps,
          expectation.name(),
          expectation.passed(),
          expectation.detail(),
          outcome.recorded().loadStarted(),
          stop);
    }
    ArrayNode attachments = result.putArray("attachments");
    for (Attachment attachment : ATTACHMENTS) {
      String source = sources.get(attachment.file());
      if (source != null) {
        attachments
            .addObject()
            .put("name", attachment.name())
            .put("source", source)
            .put("type", attachment.type());
      }
    }
    return result;
  }

  private static void step(
      ArrayNode steps, String name, boolean passed, String detail, Instant start, Instant stop) {
    ObjectNode step =
        steps
            .addObject()
            .put("name", name)
            .put("status", passed ? "passed" : "failed")
            .put("stage", "finished")
            .put("start", start.toEpochMilli())
            .put("stop", stop.toEpochMilli());
    if (detail != null) {
      step.putObject("statusDetails").put("message", detail);
    }
  }

  private static void label(ArrayNode labels, String name, String value) {
    labels.addObject().put("name", name).put("value", value);
  }

  /** Copies each attachment that exists once, under Allure's naming; by run file name. */
  private static Map<String, String> copyAttachments(Path run, Path results) throws IOException {
    Map<String, String> sources = new LinkedHashMap<>();
    for (Attachment attachment : ATTACHMENTS) {
      Path file = run.resolve(attachment.file());
      if (Files.isRegularFile(file)) {
        String extension = attachment.file().substring(attachment.file().lastIndexOf('.'));
        String source = UUID.randomUUID() + "-attachment" + extension;
        Files.copy(file, results.resolve(source));
        sources.put(attachment.file(), source);
      }
    }
    return sources;
  }
}
