package io.scaleproof.scenarios.run;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.WorkloadReadiness;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.cluster.provision.ProvisioningException;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Timers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A cluster with a project's pipeline installed through Git, on which scenarios run one after
 * another: each commits its changes, drives its load, and leaves the pipeline as it found it — the
 * declared files back in Git, synced, every Deployment rolled out and back at the replicas it had
 * when the session began. A run of {@code ./scaleproof run} opens a session for its one scenario; a
 * suite shares one across its scenarios, so the pipeline is installed once.
 */
public final class PipelineSession implements AutoCloseable {
  private static final Duration WAVE_TIMEOUT = Duration.ofMinutes(3);

  /** Argo CD's poll, a sync, a rollout with the agent's start-up on a busy node. */
  private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(3);

  private final Backend backend;
  private final Timers timers;
  private final ProjectPipeline subject;
  private final Cluster cluster;
  private final Pipeline.Installed installed;
  private final List<Phase> phases;
  private final Map<String, Integer> initialReplicas;
  private boolean failed;
  private volatile String notAsFound;

  private PipelineSession(
      Backend backend,
      Timers timers,
      ProjectPipeline subject,
      Cluster cluster,
      Pipeline.Installed installed,
      List<Phase> phases) {
    this.backend = backend;
    this.timers = timers;
    this.subject = subject;
    this.cluster = cluster;
    this.installed = installed;
    this.phases = List.copyOf(phases);
    this.initialReplicas = replicas();
  }

  /**
   * Checks the shipped project's pipeline with the real tools, opens the backend's cluster with
   * {@code timers} and installs the pipeline through Git, wave by wave.
   *
   * @param directory where the cluster's files and the run's Git repository go
   * @throws InvalidInputException when the pipeline is not valid; nothing started
   * @throws ProvisioningException when a tool the pipeline needs cannot be provided
   * @throws PipelineNotReadyException when the pipeline did not come up; the cluster is closed
   */
  public static PipelineSession open(
      Backend backend, Timers timers, Path directory, Progress progress) {
    return open(ProjectPipeline.shipped(), backend, timers, directory, progress);
  }

  /**
   * As {@link #open(Backend, Timers, Path, Progress)}, for {@code subject}'s pipeline: checked for
   * what {@code backend} cannot run, then by the real tools, then installed.
   */
  public static PipelineSession open(
      ProjectPipeline subject, Backend backend, Timers timers, Path directory, Progress progress) {
    Backend fitted = backend.forProject(subject);
    progress.phase("checking the pipeline with otelcol validate and promtool check rules");
    subject.pipeline().validate(Tools.load(ProjectFiles.find("cluster/tools/tools.yaml")));
    return openChecked(subject, fitted, timers, directory, progress);
  }

  /** As {@link #open(ProjectPipeline, Backend, Timers, Path, Progress)}, once checked. */
  static PipelineSession openChecked(
      ProjectPipeline subject, Backend backend, Timers timers, Path directory, Progress progress) {
    createDirectories(directory);
    List<Phase> phases = new ArrayList<>();
    Instant starting = Instant.now();
    Cluster cluster = backend.open(timers, directory.resolve("cluster"), progress);
    try {
      phases.add(new Phase("cluster up", starting, Instant.now()));
      Instant installing = Instant.now();
      Pipeline.Installed installed = install(subject.pipeline(), cluster, progress);
      phases.add(
          new Phase("pipeline synced through Git, services ready", installing, Instant.now()));
      return new PipelineSession(backend, timers, subject, cluster, installed, phases);
    } catch (RuntimeException e) {
      backend.failed(cluster);
      cluster.close();
      throw e;
    }
  }

  private static Pipeline.Installed install(Pipeline pipeline, Cluster cluster, Progress progress) {
    progress.phase("installing the pipeline through Git and Argo CD, wave by wave");
    long start = System.nanoTime();
    try {
      Pipeline.Installed installed = pipeline.install(cluster, WAVE_TIMEOUT);
      progress.phase(
          "pipeline synced and healthy in %.0f s (Git: %s)"
              .formatted((System.nanoTime() - start) / 1e9, installed.repository()));
      return installed;
    } catch (IllegalStateException e) {
      throw new PipelineNotReadyException("the pipeline did not come up: " + e.getMessage(), e);
    }
  }

  public Backend backend() {
    return backend;
  }

  /** The control loops' periods the cluster was started with. */
  public Timers timers() {
    return timers;
  }

  public Pipeline pipeline() {
    return subject.pipeline();
  }

  /** The project the session proves, with its pipeline and each service's chain. */
  public ProjectPipeline subject() {
    return subject;
  }

  public Cluster cluster() {
    return cluster;
  }

  public Pipeline.Installed installed() {
    return installed;
  }

  /** How the session came up: the cluster, then the pipeline through Git. */
  public List<Phase> phases() {
    return phases;
  }

  /** The namespace a declared one has on the cluster. */
  public String namespace(String declared) {
    return installed.namespaces().of(declared);
  }

  /** A run on this session failed: the backend keeps its evidence when the session closes. */
  void markFailed() {
    failed = true;
  }

  /**
   * Why the pipeline is not as the session found it, when a restore could not bring it back; empty
   * while it is. A session in that state is no place for the next scenario.
   */
  public java.util.Optional<String> notAsFound() {
    return java.util.Optional.ofNullable(notAsFound);
  }

  /**
   * Puts back what a scenario changed: commits the declared content of {@code files} (paths
   * relative to the pipeline's directory), waits for Argo CD to sync it, and for every Deployment
   * of the services' namespaces to be rolled out at the replicas it had when the session began (the
   * autoscalers take it back there once the load is gone).
   *
   * @param scenario names the commit and the errors
   * @throws PipelineNotReadyException naming the Deployments that did not come back
   */
  public void restore(String scenario, Collection<String> files, Progress progress) {
    String sha = null;
    if (!files.isEmpty()) {
      Map<String, String> declared = new LinkedHashMap<>();
      files.forEach(file -> declared.put(file, declaredContent(file)));
      sha = installed.commit("after scenario " + scenario + ": the declared files", declared);
      progress.phase("committed " + sha.substring(0, 7) + " to Git: the declared files back");
      LiveApplication.requestRefresh(cluster.client(), installed.application());
    }
    untilAsFound("after scenario " + scenario, sha);
  }

  /**
   * Waits, before {@code what} starts, for every Deployment of the services' namespaces to be
   * rolled out at the replicas it had when the session began: a suite that shared the session and
   * left an app scaled up (its autoscaler takes it back once its load is gone) must not hand the
   * next scenario a head start.
   *
   * @throws PipelineNotReadyException naming the Deployments that did not come back
   */
  public void awaitAsFound(String what, Progress progress) {
    if (!asFound()) {
      progress.phase("waiting for the pipeline as the session found it: " + initialReplicas);
    }
    untilAsFound("before " + what, null);
  }

  /** Until synced to {@code sha} (when given) and as found, or the restore timeout. */
  private void untilAsFound(String when, String sha) {
    try {
      await("the pipeline as the session found it: synced from Git, " + initialReplicas)
          .atMost(RESTORE_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  (sha == null
                          || LiveApplication.syncedTo(
                              cluster.client(), installed.application(), sha))
                      && asFound());
    } catch (ConditionTimeoutException e) {
      markFailed();
      notAsFound = when + ": " + replicas() + " where the session began with " + initialReplicas;
      throw new PipelineNotReadyException(
          when
              + " the pipeline did not come back within "
              + RESTORE_TIMEOUT.toSeconds()
              + " s: wanted "
              + initialReplicas
              + " rolled out, saw "
              + replicas()
              + (rolledOut() ? "" : " (a rollout not done)"),
          e);
    }
  }

  private boolean asFound() {
    return rolledOut() && replicas().equals(initialReplicas);
  }

  private String declaredContent(String file) {
    try {
      return Files.readString(subject.pipeline().source().resolve(file).normalize());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ready replicas of every Deployment in the services' namespaces, by namespace/name. */
  private Map<String, Integer> replicas() {
    return deployments().stream()
        .collect(
            Collectors.toMap(
                d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(),
                d ->
                    d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                        ? 0
                        : d.getStatus().getReadyReplicas(),
                (a, b) -> a,
                java.util.TreeMap::new));
  }

  /** Every Deployment of those namespaces rolled out: observed, updated, ready, nothing else. */
  private boolean rolledOut() {
    return deployments().stream().allMatch(d -> WorkloadReadiness.notReady(d).isEmpty());
  }

  private List<Deployment> deployments() {
    KubernetesClient client = cluster.client();
    List<Deployment> deployments = new ArrayList<>();
    for (String declared : subject.serviceNamespaces()) {
      deployments.addAll(
          client.apps().deployments().inNamespace(namespace(declared)).list().getItems());
    }
    return deployments;
  }

  /** Closes the cluster; a backend that keeps evidence of a failed run keeps it. */
  @Override
  public void close() {
    if (failed) {
      backend.failed(cluster);
    }
    cluster.close();
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run's directory " + directory, e);
    }
  }
}
