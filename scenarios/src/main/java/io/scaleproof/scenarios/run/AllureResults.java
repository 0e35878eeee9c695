package io.scaleproof.scenarios.run;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A run in Allure's model, the one allure-junit5 writes too: for each service, the run's phases and
 * then its expectations as steps, with the chart, its data, the PromQL queries, the live objects,
 * the summary page, Gatling's report and the logs of pods that failed attached.
 *
 * <p>A command-line run writes one test result per service ({@link #write}); a suite adds the same
 * steps and attachments to the JUnit test that judges a service ({@link #addToCurrentTest}). The
 * same service of the same scenario keeps one history id, so Allure's trend follows it from run to
 * run.
 */
public final class AllureResults {

  /** A file of the run attached to every result: its content, Allure name, MIME type. */
  record RunAttachment(String name, String type, String extension, byte[] content) {}

  /** Files of the run directory attached when present: file, Allure name, MIME type. */
  private record RunFile(String file, String name, String type) {}

  private static final List<RunFile> FILES =
      List.of(
          new RunFile("timeline.png", "timeline chart (PNG)", "image/png"),
          new RunFile("timeline.svg", "timeline chart (SVG)", "image/svg+xml"),
          new RunFile("timeline.csv", "timeline data (CSV)", "text/csv"),
          new RunFile("trends.png", "KPI trends across runs (PNG)", "image/png"),
          new RunFile("queries.txt", "PromQL queries", "text/plain"),
          new RunFile(
              "objects.yaml", "Application, ScaledObjects and HPAs at the end", "text/yaml"),
          new RunFile("summary.md", "summary", "text/markdown"));

  private AllureResults() {}

  /**
   * Writes one test result per service into {@code results} (created if absent), with its
   * attachments; returns the directory.
   */
  public static Path write(RunOutcome outcome, Path results) {
    try {
      Files.createDirectories(results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + results, e);
    }
    FileSystemResultsWriter writer = new FileSystemResultsWriter(results);
    // Each file once, shared by the results of every service.
    List<io.qameta.allure.model.Attachment> written = new ArrayList<>();
    for (RunAttachment attachment : attachments(outcome.directory())) {
      String source = UUID.randomUUID() + "-attachment" + attachment.extension();
      writer.write(source, new ByteArrayInputStream(attachment.content()));
      written.add(
          new io.qameta.allure.model.Attachment()
              .setName(attachment.name())
              .setType(attachment.type())
              .setSource(source));
    }
    for (String service : outcome.scenario().services()) {
      TestResult result = result(outcome, service);
      result.getAttachments().addAll(written);
      writer.write(result);
    }
    return results;
  }

  /**
   * Adds the service's steps (the run's phases, then its expectations) and the run's attachments to
   * the test that is running, as allure-junit5 reports it.
   */
  public static void addToCurrentTest(RunOutcome outcome, String service) {
    addToCurrentTest(outcome, List.of(service));
  }

  /** Adds the run's phases, every service's expectations and the run's attachments. */
  public static void addToCurrentTest(RunOutcome outcome) {
    addToCurrentTest(outcome, outcome.scenario().services());
  }

  private static void addToCurrentTest(RunOutcome outcome, List<String> services) {
    List<StepResult> steps = steps(outcome, services);
    Allure.getLifecycle()
        .updateTestCase(
            test -> {
              test.getSteps().addAll(steps);
              test.getLabels().add(label("feature", outcome.scenario().name()));
              services.forEach(service -> test.getLabels().add(label("story", service)));
            });
    attachRunFiles(outcome.directory());
  }

  /** Attaches the files of the run in {@code run} to the test that is running. */
  public static void attachRunFiles(Path run) {
    AllureLifecycle lifecycle = Allure.getLifecycle();
    for (RunAttachment attachment : attachments(run)) {
      lifecycle.addAttachment(
          attachment.name(), attachment.type(), attachment.extension(), attachment.content());
    }
  }

  /** The service's result of a command-line run, without attachments. */
  static TestResult result(RunOutcome outcome, String service) {
    String scenario = outcome.scenario().name();
    List<Expectation> expectations = expectations(outcome, service);
    String id =
        UUID.nameUUIDFromBytes((scenario + "/" + service).getBytes(StandardCharsets.UTF_8))
            .toString();
    List<Phase> phases = outcome.phases();
    Instant start = phases.isEmpty() ? outcome.recorded().loadStarted() : phases.get(0).start();
    Instant stop =
        phases.isEmpty() ? outcome.recorded().loadStopped() : phases.get(phases.size() - 1).stop();
    TestResult result =
        new TestResult()
            .setUuid(UUID.randomUUID().toString())
            .setHistoryId(id)
            .setTestCaseId(id)
            .setFullName("scaleproof." + scenario + "." + service)
            .setName(service + ": " + outcome.scenario().description())
            .setStatus(status(expectations.stream().allMatch(Expectation::passed)))
            .setStage(Stage.FINISHED)
            .setStart(start.toEpochMilli())
            .setStop(stop.toEpochMilli());
    expectations.stream()
        .filter(e -> !e.passed())
        .findFirst()
        .ifPresent(
            failed -> result.setStatusDetails(new StatusDetails().setMessage(failed.detail())));
    result
        .getLabels()
        .addAll(
            List.of(
                label("suite", "scaleproof run"),
                label("feature", scenario),
                label("story", service),
                label("framework", "scaleproof")));
    result.getSteps().addAll(steps(outcome, List.of(service)));
    return result;
  }

  /** The run's phases as they happened, then each expectation of the services. */
  static List<StepResult> steps(RunOutcome outcome, List<String> services) {
    List<StepResult> steps = new ArrayList<>();
    for (Phase phase : outcome.phases()) {
      steps.add(step(phase.name(), true, null, phase.start(), phase.stop()));
    }
    List<Phase> phases = outcome.phases();
    Instant stop =
        phases.isEmpty() ? outcome.recorded().loadStopped() : phases.get(phases.size() - 1).stop();
    for (Expectation expectation :
        services.stream().flatMap(service -> expectations(outcome, service).stream()).toList()) {
      steps.add(
          step(
              expectation.name(),
              expectation.passed(),
              expectation.detail(),
              outcome.recorded().loadStarted(),
              stop));
    }
    return steps;
  }

  /**
   * What every result of the run carries: the run's files that exist, Gatling's report as a zip,
   * and the log of each pod that failed.
   */
  static List<RunAttachment> attachments(Path run) {
    List<RunAttachment> attachments = new ArrayList<>();
    try {
      for (RunFile file : FILES) {
        Path path = run.resolve(file.file());
        if (Files.isRegularFile(path)) {
          String extension = file.file().substring(file.file().lastIndexOf('.'));
          attachments.add(
              new RunAttachment(file.name(), file.type(), extension, Files.readAllBytes(path)));
        }
      }
      for (Path report : gatlingReports(run)) {
        attachments.add(
            new RunAttachment(
                "Gatling report (zip: open index.html)", "application/zip", ".zip", zip(report)));
      }
      for (Path log : FailedPods.logs(run)) {
        attachments.add(
            new RunAttachment(
                "log of failed pod " + log.getFileName().toString().replace(".log", ""),
                "text/plain",
                ".log",
                Files.readAllBytes(log)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the files of the run in " + run, e);
    }
    return attachments;
  }

  private static List<Expectation> expectations(RunOutcome outcome, String service) {
    return outcome.expectations().stream().filter(e -> e.name().startsWith(service + " ")).toList();
  }

  private static StepResult step(
      String name, boolean passed, String detail, Instant start, Instant stop) {
    StepResult step =
        new StepResult()
            .setName(name)
            .setStatus(status(passed))
            .setStage(Stage.FINISHED)
            .setStart(start.toEpochMilli())
            .setStop(stop.toEpochMilli());
    if (detail != null) {
      step.setStatusDetails(new StatusDetails().setMessage(detail));
    }
    return step;
  }

  private static Status status(boolean passed) {
    return passed ? Status.PASSED : Status.FAILED;
  }

  private static Label label(String name, String value) {
    return new Label().setName(name).setValue(value);
  }

  /** The directories of Gatling's reports under the run's {@code gatling/}. */
  private static List<Path> gatlingReports(Path run) throws IOException {
    Path gatling = run.resolve("gatling");
    if (!Files.isDirectory(gatling)) {
      return List.of();
    }
    try (Stream<Path> reports = Files.list(gatling)) {
      return reports
          .filter(report -> Files.isRegularFile(report.resolve("index.html")))
          .sorted()
          .toList();
    }
  }

  /** The directory's files in a zip, by their path inside it. */
  private static byte[] zip(Path directory) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(directory.relativize(file).toString()));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
