package io.scaleproof.scenarios.cli;

import io.scaleproof.cluster.BackendUnavailableException;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.k3s.K3sOptions;
import io.scaleproof.cluster.kubeconfig.KubeconfigOptions;
import io.scaleproof.cluster.lint.Lint;
import io.scaleproof.cluster.lint.LintReport;
import io.scaleproof.cluster.provision.ProvisioningException;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.HistoryComparison;
import io.scaleproof.scenarios.run.PipelineNotReadyException;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Project;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scaleproof run [SCENARIO] [--project FILE] [--backend sim|kubeconfig|k3s] [--kubeconfig
 * FILE] [--context NAME] [--out DIR]}.
 */
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
      names = "--project",
      paramLabel = "FILE",
      description =
          "the project to prove: its pipeline, services and scenarios (default: scaleproof.yaml in"
              + " the working directory, else scaleproof's own)")
  Path projectFile;

  @Option(
      names = "--backend",
      defaultValue = "sim",
      paramLabel = "sim|local|kubeconfig|k3s",
      description =
          "the cluster to run on: sim, the embedded cluster; local, a real control plane and"
              + " real KEDA as local processes (built on first use); kubeconfig, an existing"
              + " cluster; k3s, a k3s cluster in Docker (default: ${DEFAULT-VALUE})")
  String backend;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "kubeconfig backend: the kubeconfig to read (default: the first file of $KUBECONFIG,"
              + " else ~/.kube/config)")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "kubeconfig backend: the context to use (default: the current-context)")
  String context;

  @Option(
      names = "--git",
      paramLabel = "in-cluster|local",
      description =
          "kubeconfig backend: where Argo CD reads the run's pipeline from: a Git server the run"
              + " starts in its namespace (in-cluster, the default), or the repository on this"
              + " machine (local: only for an Argo CD sharing this machine's file system)")
  String git;

  @Option(
      names = "--keep-namespaces-on-failure",
      description =
          "kubeconfig and k3s backends: keep the run's namespaces (and the k3s container) when the"
              + " run fails, as evidence")
  boolean keepNamespaces;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "where the run's files go (default: reports/runs/<timestamp> beside the project file)")
  Path directory;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description =
          "the run history this run is compared with and appended to (default:"
              + " reports/history.csv beside the project file)")
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

  @Option(
      names = "--no-lint",
      description = "start even when lint finds an error in the pipeline (it still prints them)")
  boolean noLint;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("sim", "local", "kubeconfig", "k3s").contains(backend)) {
      err.println(
          "scaleproof run: --backend: '"
              + backend
              + "' is not a backend; give sim (the embedded cluster), local (a real control"
              + " plane as local processes), kubeconfig (an existing cluster) or k3s (a k3s"
              + " cluster in Docker)");
      return ScaleproofCommand.INVALID;
    }
    if (!"kubeconfig".equals(backend) && (kubeconfig != null || context != null || git != null)) {
      err.println("scaleproof run: --kubeconfig, --context and --git are for --backend kubeconfig");
      return ScaleproofCommand.INVALID;
    }
    if (List.of("sim", "local").contains(backend) && keepNamespaces) {
      err.println(
          "scaleproof run: --keep-namespaces-on-failure is for --backend kubeconfig and k3s");
      return ScaleproofCommand.INVALID;
    }
    if (git != null && !List.of("in-cluster", "local").contains(git)) {
      err.println("scaleproof run: --git: '" + git + "' is not one of in-cluster, local");
      return ScaleproofCommand.INVALID;
    }
    if (band < 0 || historyRuns < 1) {
      err.println(
          "scaleproof run: --regression-band must not be negative and --history-runs must be at"
              + " least 1");
      return ScaleproofCommand.INVALID;
    }
    Project project;
    try {
      project = Project.find(projectFile, Path.of("").toAbsolutePath());
    } catch (InvalidInputException e) {
      err.println("scaleproof run: " + e.getMessage());
      err.println("nothing was started");
      return ScaleproofCommand.INVALID;
    }
    // A project's runs and history are kept beside its file: scaleproof's own beside its root.
    Path home = project.file().getParent();
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
      Scenario chosen = ShippedScenarios.find(scenario, project.scenarios());
      // The project's chain through its pipeline and the scenario against it first, then the
      // pipeline's layers.
      ProjectPipeline subject = ProjectPipeline.load(project);
      subject.check(chosen);
      if (!lintPasses(project.pipeline(), out, err)) {
        return ScaleproofCommand.INVALID;
      }
      Path runDirectory =
          directory != null
              ? directory.toAbsolutePath()
              : home.resolve("reports/runs")
                  .resolve(LocalDateTime.now().format(RUN_NAME))
                  .toAbsolutePath();
      out.println("scaleproof: project " + project.file());
      out.println("scaleproof: scenario " + chosen.name() + " (" + chosen.file() + ")");
      out.println("scaleproof: files in " + runDirectory);
      out.flush();
      outcome =
          ScenarioRunner.run(subject, chosen, runDirectory, Progress.to(System.out), backend());
    } catch (BackendUnavailableException e) {
      err.println("scaleproof run: " + e.getMessage());
      err.println("nothing was started");
      return ScaleproofCommand.INVALID;
    } catch (InvalidInputException | ProvisioningException e) {
      err.println("scaleproof run: " + e.getMessage());
      err.println("nothing was started");
      return ScaleproofCommand.INVALID;
    } catch (io.scaleproof.cluster.local.ComponentFailedException e) {
      err.println("scaleproof run: the local backend's " + e.getMessage());
      err.println("everything the run had started was stopped");
      return ScaleproofCommand.INVALID;
    } catch (PipelineNotReadyException e) {
      err.println("scaleproof run: " + e.getMessage());
      return ScaleproofCommand.INVALID;
    }
    return RunVerdict.conclude(outcome, history, out);
  }

  /**
   * Lints the pipeline the run installs; whether the run may start. Findings are printed either
   * way; an error stops the run unless --no-lint.
   */
  private boolean lintPasses(Path pipeline, PrintWriter out, PrintWriter err) {
    LintReport report = Lint.of(pipeline);
    if (report.findings().isEmpty()) {
      out.println("scaleproof: lint: the pipeline is clean (" + report.summary().trim() + ")");
      return true;
    }
    PrintWriter to = report.hasErrors() && !noLint ? err : out;
    to.print(report.text(Path.of("").toAbsolutePath()));
    if (report.hasErrors() && !noLint) {
      err.println(
          "scaleproof run: lint found errors in the pipeline; nothing was started (fix them, or"
              + " give --no-lint to run anyway)");
      return false;
    }
    return true;
  }

  private Backend backend() {
    if ("sim".equals(backend)) {
      return Backend.sim();
    }
    if ("local".equals(backend)) {
      return Backend.local();
    }
    if ("k3s".equals(backend)) {
      return Backend.k3s(K3sOptions.defaults().withKeepOnFailure(keepNamespaces));
    }
    KubeconfigOptions options =
        KubeconfigOptions.defaults().withKeepNamespacesOnFailure(keepNamespaces);
    if (kubeconfig != null) {
      options = options.withKubeconfig(kubeconfig.toAbsolutePath());
    }
    if (context != null) {
      options = options.withContext(context);
    }
    if ("local".equals(git)) {
      options = options.withGit(KubeconfigOptions.GitServing.LOCAL);
    }
    return Backend.kubeconfig(options);
  }
}
