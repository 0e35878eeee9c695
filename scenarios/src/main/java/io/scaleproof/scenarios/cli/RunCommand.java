package io.scaleproof.scenarios.cli;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.provision.ProvisioningException;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.HistoryComparison;
import io.scaleproof.scenarios.run.PipelineNotReadyException;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scaleproof run [SCENARIO] [--backend sim] [--out DIR]}. */
@Command(
    name = "run",
    description = {
      "Build the pipeline on a cluster, drive the scenario's load, and judge its expectations.",
      "Exit code 0 when every expectation holds, 1 when one fails, 2 for bad input or a pipeline"
          + " that could not be brought up."
    })
final class RunCommand implements Callable<Integer> {
  private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "SCENARIO",
      defaultValue = "default",
      description = "a shipped scenario's name or a scenario file (default: ${DEFAULT-VALUE})")
  String scenario;

  @Option(
      names = "--backend",
      defaultValue = "sim",
      description = "the cluster to run on: sim, the embedded cluster (default: ${DEFAULT-VALUE})")
  String backend;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the run's files go (default: reports/runs/<timestamp>)")
  Path directory;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description =
          "the run history this run is compared with and appended to (default:"
              + " reports/history.csv)")
  Path historyFile;

  @Option(
      names = "--regression-band",
      defaultValue = "0.25",
      paramLabel = "FRACTION",
      description =
          "flag a KPI worse than the median of the last runs by more than this (default:"
              + " ${DEFAULT-VALUE})")
  double band;

  @Option(
      names = "--history-runs",
      defaultValue = "5",
      paramLabel = "N",
      description =
          "how many earlier runs of the scenario the median is of (default: ${DEFAULT-VALUE})")
  int historyRuns;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!"sim".equals(backend)) {
      err.println(
          "scaleproof run: --backend: '"
              + backend
              + "' is not available; this version runs on sim (the embedded cluster)");
      return ScaleproofCommand.INVALID;
    }
    if (band < 0 || historyRuns < 1) {
      err.println(
          "scaleproof run: --regression-band must not be negative and --history-runs must be at"
              + " least 1");
      return ScaleproofCommand.INVALID;
    }
    Path home = Path.of(System.getProperty("scaleproof.home", "."));
    Path historyPath =
        (historyFile != null ? historyFile : home.resolve("reports/history.csv")).toAbsolutePath();
    HistoryComparison history = new HistoryComparison(historyPath, historyRuns, band);
    RunOutcome outcome;
    try {
      history.load();
    } catch (IllegalArgumentException e) {
      err.println("scaleproof run: --history: " + e.getMessage());
      err.println("nothing was started; give another --history file");
      return ScaleproofCommand.INVALID;
    }
    try {
      Scenario chosen = ShippedScenarios.find(scenario);
      Path runDirectory =
          directory != null
              ? directory.toAbsolutePath()
              : home.resolve("reports/runs")
                  .resolve(LocalDateTime.now().format(RUN_NAME))
                  .toAbsolutePath();
      out.println("scaleproof: scenario " + chosen.name() + " (" + chosen.file() + ")");
      out.println("scaleproof: files in " + runDirectory);
      out.flush();
      outcome = ScenarioRunner.run(chosen, runDirectory, Progress.to(System.out));
    } catch (InvalidInputException | ProvisioningException e) {
      err.println("scaleproof run: " + e.getMessage());
      err.println("nothing was started");
      return ScaleproofCommand.INVALID;
    } catch (PipelineNotReadyException e) {
      err.println("scaleproof run: " + e.getMessage());
      return ScaleproofCommand.INVALID;
    }
    HistoryComparison.Found compared = history.record(outcome);
    Path summary = RunFiles.write(outcome, compared.markdown());
    report(out, outcome, summary);
    compared.regressions().forEach(regression -> out.println("regression:   " + regression));
    out.println("history:      " + historyPath);
    out.flush();
    return outcome.passed() ? ScaleproofCommand.PASSED : ScaleproofCommand.FAILED;
  }

  private static void report(PrintWriter out, RunOutcome outcome, Path summary) {
    out.println();
    for (Expectation expectation : outcome.expectations()) {
      out.printf(
          "%s  %s%n      %s%n",
          expectation.passed() ? "PASS" : "FAIL", expectation.name(), expectation.detail());
    }
    out.println();
    out.println("summary:      " + summary);
    outcome.loadReport().ifPresent(report -> out.println("load report:  " + report));
    out.println(
        outcome.passed()
            ? "scaleproof: every expectation held"
            : "scaleproof: "
                + outcome.expectations().stream().filter(e -> !e.passed()).count()
                + " expectation(s) failed");
    out.flush();
  }
}
