package io.scaleproof.scenarios.cli;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.reports.history.RunHistory;
import io.scaleproof.scenarios.spec.Project;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scaleproof scenarios [--project FILE] [--history FILE]}: a line per scenario of the
 * project, with the last result the project's run history has of it.
 */
@Command(
    name = "scenarios",
    description = "List the scenarios scaleproof ships with, and how each last ran.")
final class ScenariosCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description =
          "the run history to read the last results from (default: reports/history.csv beside"
              + " the project file)")
  Path historyFile;

  @Option(
      names = "--project",
      paramLabel = "FILE",
      description =
          "the project whose scenarios are listed (default: scaleproof.yaml in the working"
              + " directory, else scaleproof's own)")
  Path projectFile;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    Project project;
    try {
      project = Project.find(projectFile, Path.of("").toAbsolutePath());
    } catch (InvalidInputException e) {
      spec.commandLine().getErr().println("scaleproof scenarios: " + e.getMessage());
      return ScaleproofCommand.INVALID;
    }
    // Where `run` keeps the project's history: beside its file.
    Path historyPath =
        (historyFile != null
                ? historyFile
                : project.file().getParent().resolve("reports/history.csv"))
            .toAbsolutePath();
    RunHistory history;
    try {
      history = RunHistory.load(historyPath);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("scaleproof scenarios: --history: " + e.getMessage());
      return ScaleproofCommand.INVALID;
    }
    Path scenarios = project.scenarios();
    for (Scenario scenario : ShippedScenarios.all(scenarios)) {
      out.printf(
          "%-17s %s (load: %s)%n%-17s last run: %s%n",
          scenario.name(),
          scenario.description(),
          scenario.load().describe(),
          "",
          lastResult(history, scenario.name()));
    }
    out.println("(files in " + scenarios + "; results from " + historyPath + ")");
    return ScaleproofCommand.PASSED;
  }

  /** "passed at …", "FAILED at …", or "none yet", from the history's last run of a scenario. */
  private static String lastResult(RunHistory history, String scenario) {
    return history.entries().stream()
        .filter(entry -> entry.scenario().equals(scenario))
        .reduce((first, second) -> second.at().isBefore(first.at()) ? first : second)
        .map(last -> (last.passed() ? "passed" : "FAILED") + " at " + WHEN.format(last.at()))
        .orElse("none yet");
  }
}
