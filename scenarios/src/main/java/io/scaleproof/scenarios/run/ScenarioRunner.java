package io.scaleproof.scenarios.run;

import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.cluster.provision.ProvisioningException;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs a scenario on a cluster (the {@link Backend}), start to end: checks it and the pipeline
 * before anything starts, installs the pipeline through Git, commits the scenario's pipeline
 * changes, and hands the rest to a {@link LoadRun}: a short baseline, the load with Gatling while
 * recording, the wait for the services to come back down, and the expectations judged on the
 * recorded timeline. Everything it starts is stopped when it returns or throws. On a {@link
 * PipelineSession} that outlives the run, the run leaves the pipeline as it found it.
 */
public final class ScenarioRunner {
  private final Scenario scenario;
  private final Path directory;
  private final Progress progress;
  private final PipelineSession session;
  private final boolean sessionOutlivesRun;
  private final List<PlannedFault> faults;
  private final List<Phase> phases = new ArrayList<>();

  private ScenarioRunner(
      Scenario scenario,
      Path directory,
      Progress progress,
      PipelineSession session,
      boolean sessionOutlivesRun,
      List<PlannedFault> faults) {
    this.faults = faults;
    this.scenario = scenario;
    this.directory = directory;
    this.progress = progress;
    this.session = session;
    this.sessionOutlivesRun = sessionOutlivesRun;
    phases.addAll(session.phases());
  }

  /**
   * Runs {@code scenario}, keeping its files in {@code directory}.
   *
   * @throws InvalidInputException when the scenario or the pipeline is not valid; nothing started
   * @throws ProvisioningException when a tool the pipeline needs cannot be provided
   * @throws PipelineNotReadyException when the pipeline could not be brought up
   */
  public static RunOutcome run(Scenario scenario, Path directory, Progress progress) {
    return run(scenario, directory, progress, Backend.sim());
  }

  /**
   * Runs {@code scenario} of the shipped project on {@code backend}, keeping its files in {@code
   * directory}: a session of its own, opened for the run and closed after it.
   *
   * @throws InvalidInputException when the scenario, the pipeline or the cluster is not fit for the
   *     run; nothing is left started
   * @throws ProvisioningException when a tool the pipeline needs cannot be provided
   * @throws PipelineNotReadyException when the pipeline could not be brought up
   */
  public static RunOutcome run(
      Scenario scenario, Path directory, Progress progress, Backend backend) {
    return run(ProjectPipeline.shipped(), scenario, directory, progress, backend);
  }

  /**
   * Runs {@code scenario} of {@code subject}'s project on {@code backend}, keeping its files in
   * {@code directory}: a session of its own, opened for the run and closed after it.
   *
   * @throws InvalidInputException when the scenario, the pipeline or the cluster is not fit for the
   *     run; nothing is left started
   * @throws ProvisioningException when a tool the pipeline needs cannot be provided
   * @throws PipelineNotReadyException when the pipeline could not be brought up
   */
  public static RunOutcome run(
      ProjectPipeline subject,
      Scenario scenario,
      Path directory,
      Progress progress,
      Backend backend) {
    subject.check(scenario);
    // Made on the declared files, which the run's repository is seeded with, so that a change the
    // pipeline cannot take stops the run before anything starts; so are the faults' targets.
    Map<String, String> changes = changedFiles(scenario, subject);
    List<PlannedFault> faults = FaultTargets.plan(scenario, subject);
    try (PipelineSession session =
        PipelineSession.open(subject, backend, scenario.timers(), directory, progress)) {
      return new ScenarioRunner(scenario, directory, progress, session, false, faults).run(changes);
    }
  }

  /**
   * Runs {@code scenario} on a session that outlives it, keeping its files in {@code directory},
   * and leaves the pipeline as it found it: the scenario's commit undone, synced, and every
   * Deployment back at its replicas.
   *
   * @throws InvalidInputException when the scenario does not fit the pipeline or the session's
   *     timers; nothing changed
   * @throws PipelineNotReadyException when the scenario's commit or its undoing did not come
   *     through
   */
  public static RunOutcome run(
      Scenario scenario, Path directory, Progress progress, PipelineSession session) {
    if (scenario.timers() != session.timers()) {
      throw new InvalidInputException(
          scenario.file(),
          "timers",
          "is "
              + scenario.timers().name().toLowerCase(java.util.Locale.ROOT)
              + ", but the shared cluster runs with "
              + session.timers().name().toLowerCase(java.util.Locale.ROOT)
              + " timers",
          "Run it on a cluster of its own, or give it the session's timers");
    }
    session.subject().check(scenario);
    Map<String, String> changes = changedFiles(scenario, session.subject());
    List<PlannedFault> faults = FaultTargets.plan(scenario, session.subject());
    createDirectories(directory);
    RunOutcome outcome;
    try {
      outcome =
          new ScenarioRunner(scenario, directory, progress, session, true, faults).run(changes);
    } catch (RuntimeException failure) {
      // The pipeline is put back even when the run failed; a failing restore is added to the
      // run's failure, never put in its place.
      try {
        restore(scenario, session, changes, progress);
      } catch (RuntimeException restoreFailure) {
        failure.addSuppressed(restoreFailure);
      }
      throw failure;
    }
    restore(scenario, session, changes, progress);
    return outcome;
  }

  private static void restore(
      Scenario scenario, PipelineSession session, Map<String, String> changes, Progress progress) {
    Instant restoring = Instant.now();
    session.restore(scenario.name(), changes.keySet(), progress);
    progress.phase(
        "the pipeline is as the scenario found it (%.0f s)"
            .formatted(Duration.between(restoring, Instant.now()).toMillis() / 1e3));
  }

  private RunOutcome run(Map<String, String> changes) {
    Cluster cluster = session.cluster();
    Pipeline.Installed installed = session.installed();
    boolean passed = false;
    FaultTargets.requireCapable(scenario, faults, cluster);
    try {
      Instant tuning = Instant.now();
      if (commit(changes, installed, cluster)) {
        phases.add(
            new Phase("scenario's changes committed, synced, rolled out", tuning, Instant.now()));
      }
      RunOutcome outcome =
          new LoadRun(scenario, directory, progress, session, sessionOutlivesRun, faults, phases)
              .drive(cluster, installed);
      passed = outcome.passed();
      return outcome;
    } finally {
      keepFailedPodLogs(
          cluster, session.subject().namespaces().stream().map(session::namespace).toList());
      if (!passed) {
        session.markFailed();
      }
    }
  }

  /** Whether the run passes or not: the logs of pods that failed, for the report. */
  private void keepFailedPodLogs(Cluster cluster, List<String> namespaces) {
    try {
      List<Path> logs = FailedPods.write(cluster.client(), namespaces, directory);
      if (!logs.isEmpty()) {
        progress.phase(logs.size() + " pod(s) failed; their logs: " + logs.get(0).getParent());
      }
    } catch (RuntimeException e) {
      progress.phase("could not keep the logs of failed pods: " + e.getMessage());
    }
  }

  /** The scenario's changes to the ScaledObjects and its faults in the Deployments, by file. */
  private static Map<String, String> changedFiles(Scenario scenario, ProjectPipeline subject) {
    Function<String, String> declared =
        file -> {
          try {
            return Files.readString(subject.pipeline().source().resolve(file).normalize());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    Map<String, String> files =
        new LinkedHashMap<>(ScaledObjectTuning.changedFiles(scenario, subject, declared));
    files.putAll(FaultInjection.changedFiles(scenario, subject, declared));
    return files;
  }

  /**
   * Commits the changed files in one commit and waits for Argo CD to sync it and for the faulty
   * Deployments to roll out; whether there was anything to commit.
   */
  private boolean commit(Map<String, String> files, Pipeline.Installed installed, Cluster cluster) {
    if (files.isEmpty()) {
      return false;
    }
    List<String> what = new ArrayList<>();
    if (!scenario.pipeline().isEmpty()) {
      what.add(ScaledObjectTuning.describe(scenario.pipeline()));
    }
    if (scenario.faults().hasErrorRate()) {
      what.add("error rate " + ManifestEdit.number(scenario.faults().errorRate()));
    }
    String sha =
        installed.commit("scenario " + scenario.name() + ": " + String.join("; ", what), files);
    progress.phase("committed " + sha.substring(0, 7) + " to Git: " + String.join("; ", what));
    Duration deadline = scenario.timers().gitPollInterval().plus(Duration.ofSeconds(90));
    // Argo CD polls Git every few minutes (the embedded one every gitPollInterval); it is asked to
    // look now, as `argocd app get --refresh` asks it.
    LiveApplication.requestRefresh(cluster.client(), installed.application());
    ProjectPipeline subject = session.subject();
    try {
      await("Argo CD synced commit " + sha.substring(0, 7) + " and the Deployments rolled out")
          .atMost(deadline)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  LiveScaledObjects.carry(
                          cluster.client(), scenario, subject, installed.namespaces())
                      && FaultInjection.rolledOut(
                          cluster.client(), scenario, subject, installed.namespaces()));
    } catch (ConditionTimeoutException e) {
      throw new PipelineNotReadyException(
          "the scenario's commit was not synced and rolled out within "
              + deadline.toSeconds()
              + " s",
          e);
    }
    return true;
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run's directory " + directory, e);
    }
  }
}
