package io.scaleproof.scenarios.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scaleproof report [RUN_DIR...] [--out DIR]}: the Allure HTML report of one or more runs,
 * made by the Allure command line that the build unpacks from Maven Central. The report keeps
 * Allure's history: each new report carries the trend of the ones before it in {@code --out}.
 */
@Command(
    name = "report",
    description = "Turn runs' Allure results into the Allure HTML report (default: every run).")
final class ReportCommand implements Callable<Integer> {
  static final String RESULTS = "allure-results";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "RUN_DIR",
      arity = "0..*",
      description =
          "run directories, or Allure results directories (default: every run in reports/runs)")
  List<Path> runs = new ArrayList<>();

  @Option(
      names = "--suites",
      description =
          "the suites' results from the last ./mvnw verify (every module's target/allure-results)")
  boolean suites;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the HTML report goes (default: reports/allure-report)")
  Path out;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    Path home = Path.of(System.getProperty("scaleproof.home", "."));
    Path report = (out != null ? out : home.resolve("reports/allure-report")).toAbsolutePath();
    List<Path> chosen = new ArrayList<>(runs);
    if (suites) {
      List<Path> suiteResults = suiteResults(home);
      if (suiteResults.isEmpty()) {
        err.println(
            "scaleproof report: --suites: no module has target/"
                + RESULTS
                + " with results; run ./mvnw verify first");
        return ScaleproofCommand.INVALID;
      }
      chosen.addAll(suiteResults);
    } else if (chosen.isEmpty()) {
      chosen.addAll(everyRun(home.resolve("reports/runs")));
    }
    if (chosen.isEmpty()) {
      err.println(
          "scaleproof report: no runs in "
              + home.resolve("reports/runs")
              + "; run ./scaleproof run");
      return ScaleproofCommand.INVALID;
    }
    List<String> results = new ArrayList<>();
    for (Path run : chosen) {
      Path runResults = resultsOf(run.toAbsolutePath());
      if (runResults == null) {
        err.println(
            "scaleproof report: "
                + run.toAbsolutePath()
                + ": RUN_DIR: has no Allure results ("
                + RESULTS
                + "/*-result.json); give the directory of a run made by this version, or an"
                + " Allure results directory");
        return ScaleproofCommand.INVALID;
      }
      results.add(runResults.toString());
    }
    Path allure = allure(home);
    if (!Files.isExecutable(allure)) {
      err.println(
          "scaleproof report: the Allure command line is not at "
              + allure
              + "; ./scaleproof builds it on first use (./mvnw -pl reports package)");
      return ScaleproofCommand.INVALID;
    }
    List<String> command = new ArrayList<>(List.of(allure.toString(), "generate"));
    command.addAll(results);
    Path history = carriedHistory(report);
    if (history != null) {
      command.add(history.toString());
    }
    command.add("-o");
    command.add(report.toString());
    command.add("--clean");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process allureRun = builder.start();
      String output = new String(allureRun.getInputStream().readAllBytes());
      if (!allureRun.waitFor(5, TimeUnit.MINUTES) || allureRun.exitValue() != 0) {
        allureRun.destroyForcibly();
        err.println("scaleproof report: allure generate failed: " + output.trim());
        return ScaleproofCommand.FAILED;
      }
    } finally {
      if (history != null) {
        deleteRecursively(history);
      }
    }
    stdout.println(
        "scaleproof: Allure report of "
            + chosen.size()
            + " run(s): "
            + report.resolve("index.html"));
    return ScaleproofCommand.PASSED;
  }

  /** The {@code allure} script the reports module's build unpacked (its one version). */
  static Path allure(Path home) throws IOException {
    Path unpacked = home.resolve("reports/target/allure-commandline");
    if (!Files.isDirectory(unpacked)) {
      return unpacked.resolve("allure-<version>/bin/allure");
    }
    try (Stream<Path> versions = Files.list(unpacked)) {
      return versions
          .filter(directory -> directory.getFileName().toString().startsWith("allure-"))
          .findFirst()
          .orElse(unpacked.resolve("allure-<version>"))
          .resolve("bin/allure");
    }
  }

  /**
   * Allure's trend of the earlier report: its {@code history/} copied into results of its own, so
   * that {@code --clean} does not lose it.
   */
  private static Path carriedHistory(Path report) throws IOException {
    Path history = report.resolve("history");
    if (!Files.isDirectory(history)) {
      return null;
    }
    Path carried = Files.createTempDirectory("scaleproof-allure-history");
    Path target = Files.createDirectories(carried.resolve("history"));
    try (Stream<Path> files = Files.list(history)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return carried;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The Allure results of a run directory, or the directory itself when it holds results. */
  private static Path resultsOf(Path run) {
    if (Files.isDirectory(run) && hasResults(run)) {
      return run;
    }
    Path results = run.resolve(RESULTS);
    return Files.isDirectory(results) && hasResults(results) ? results : null;
  }

  /** Every module's {@code target/allure-results} that holds results, in module order. */
  private static List<Path> suiteResults(Path home) throws IOException {
    // Modules are at most two levels down (sample-apps/java).
    try (Stream<Path> directories = Files.walk(home, 4)) {
      return directories
          .filter(results -> results.endsWith(Path.of("target", RESULTS)))
          .filter(results -> Files.isDirectory(results) && hasResults(results))
          .sorted()
          .toList();
    }
  }

  private static boolean hasResults(Path results) {
    try (Stream<Path> files = Files.list(results)) {
      return files.anyMatch(file -> file.getFileName().toString().endsWith("-result.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> everyRun(Path runs) throws IOException {
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    try (Stream<Path> directories = Files.list(runs)) {
      return directories.filter(run -> Files.isDirectory(run.resolve(RESULTS))).sorted().toList();
    }
  }
}
