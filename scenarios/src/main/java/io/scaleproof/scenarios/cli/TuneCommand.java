package io.scaleproof.scenarios.cli;

import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.cluster.BackendUnavailableException;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.provision.ProvisioningException;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.PipelineNotReadyException;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Project;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ScenarioFile;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import io.scaleproof.scenarios.spec.Timers;
import io.scaleproof.scenarios.tune.Tune;
import io.scaleproof.scenarios.tune.Vary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scaleproof tune SCENARIO --from RUN_DIR --vary KEY=VALUES... [--timers pr|production]
 * [--seeds N] [--force] [--confirm K] [--out DIR] [--project FILE]}.
 */
@Command(
    name = "tune",
    description = {
      "Calibrate the virtual-clock twin from a recorded run, check it against that run, sweep"
          + " thresholds and timers on it, and recommend the cheapest setting that keeps the"
          + " scenario's SLO.",
      "Exit code 0 with a recommendation, 1 when the twin is not faithful to the run (without"
          + " --force) or no setting passes, 2 for bad input (nothing is written)."
    })
final class TuneCommand implements Callable<Integer> {
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "SCENARIO",
      description = "the scenario to tune: a shipped scenario's name or a scenario file")
  String scenario;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "RUN_DIR",
      description = "a run directory of the same scenario, which the twin is calibrated from")
  Path from;

  @Option(
      names = "--vary",
      required = true,
      paramLabel = "KEY=VALUES",
      description =
          "a setting and its values: FROM..TO/STEP or a list, for p95ThresholdMs,"
              + " errorRatioThreshold, scaleDownStabilization, pollingInterval, maxReplicaCount"
              + " (repeat for several; every combination runs)")
  List<String> varies;

  @Option(
      names = "--timers",
      paramLabel = "pr|production",
      description = "the HPA sync period the sweep runs with (default: the scenario's)")
  String timers;

  @Option(
      names = "--seeds",
      defaultValue = "5",
      paramLabel = "N",
      description = "draws per setting (default: ${DEFAULT-VALUE})")
  int seeds;

  @Option(
      names = "--force",
      description = "recommend even when the twin is not faithful to the recorded run")
  boolean force;

  @Option(
      names = "--confirm",
      defaultValue = "0",
      paramLabel = "K",
      description = "run the K best settings live on the embedded cluster and compare")
  int confirm;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the files go (default: tune-<timestamp> in the run directory)")
  Path directory;

  @Option(
      names = "--project",
      paramLabel = "FILE",
      description = "the project the scenario belongs to (default: as for run)")
  Path projectFile;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (seeds < 1 || seeds > 100) {
      err.println("scaleproof tune: --seeds: " + seeds + " is not within 1..100");
      return ScaleproofCommand.INVALID;
    }
    if (confirm < 0 || confirm > 10) {
      err.println("scaleproof tune: --confirm: " + confirm + " is not within 0..10");
      return ScaleproofCommand.INVALID;
    }
    Timers sweepTimers = null;
    if (timers != null) {
      try {
        sweepTimers = Timers.valueOf(timers.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        err.println("scaleproof tune: --timers: '" + timers + "' is not one of pr, production");
        return ScaleproofCommand.INVALID;
      }
    }
    List<Vary> parsed = new ArrayList<>();
    for (String vary : varies) {
      try {
        parsed.add(Vary.parse(vary));
      } catch (IllegalArgumentException e) {
        err.println("scaleproof tune: --vary " + e.getMessage());
        err.println("nothing was written");
        return ScaleproofCommand.INVALID;
      }
    }
    Tune tune;
    try {
      Project project = Project.find(projectFile, Path.of("").toAbsolutePath());
      Scenario chosen = ShippedScenarios.find(scenario, project.scenarios());
      ProjectPipeline subject = ProjectPipeline.load(project);
      subject.check(chosen);
      tune =
          Tune.prepare(
              subject,
              chosen,
              from.toAbsolutePath(),
              parsed,
              sweepTimers == null ? chosen.timers() : sweepTimers,
              seeds);
    } catch (InvalidInputException | IllegalArgumentException e) {
      err.println("scaleproof tune: " + e.getMessage());
      err.println("nothing was written");
      return ScaleproofCommand.INVALID;
    }
    Path target =
        directory != null
            ? directory.toAbsolutePath()
            : from.toAbsolutePath().resolve("tune-" + LocalDateTime.now().format(NAME));
    Tune.Outcome outcome = tune.run(target, force, out);
    out.flush();
    if (outcome.recommended() == null) {
      return ScaleproofCommand.FAILED;
    }
    if (confirm > 0) {
      try {
        confirm(tune, outcome, target, out);
      } catch (BackendUnavailableException
          | InvalidInputException
          | ProvisioningException
          | PipelineNotReadyException e) {
        err.println("scaleproof tune: --confirm: " + e.getMessage());
        return ScaleproofCommand.INVALID;
      }
    }
    return ScaleproofCommand.PASSED;
  }

  /** Runs the top settings live and prints predicted against observed. */
  private void confirm(Tune tune, Tune.Outcome outcome, Path target, PrintWriter out) {
    List<Tune.Candidate> candidates = tune.candidates(outcome, confirm, target);
    for (int i = 0; i < candidates.size(); i++) {
      Tune.Candidate candidate = candidates.get(i);
      Scenario confirming = ScenarioFile.read(candidate.scenarioFile());
      Path runDirectory = target.resolve("confirm-" + (i + 1));
      out.println(
          "scaleproof tune: confirming " + candidate.label() + " live, files in " + runDirectory);
      out.flush();
      RunOutcome live =
          ScenarioRunner.run(
              tune.subject(), confirming, runDirectory, Progress.to(System.out), Backend.sim());
      io.scaleproof.scenarios.run.RunFiles.write(live);
      List<ServiceFigures> figures = new ArrayList<>(live.figures().values());
      out.print(tune.confirmation(candidate, live.passed(), figures, target, i + 1));
      out.flush();
    }
  }
}
