package io.scaleproof.cluster.pipeline;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRemote;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.Namespaces;
import io.scaleproof.cluster.WorkloadReadiness;
import io.scaleproof.cluster.gitops.GitOps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Installs a declared pipeline through Git, as Argo CD does it: a repository seeded with the
 * pipeline's files, an Application that syncs it (automated, prune, self-heal), and a wait wave by
 * wave until each wave's Deployments (and each collector's Deployment) are ready, then for the
 * Application to be Synced.
 */
final class PipelineInstaller {
  private final Pipeline pipeline;

  PipelineInstaller(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** See {@link Pipeline#install}. */
  Pipeline.Installed install(Cluster cluster, Duration waveTimeout) {
    long start = System.nanoTime();
    NamespaceMapping names = cluster.namespaces();
    Path directory = cluster.runDirectory().resolve("gitops-repository");
    GitOps.Seeded seeded = GitOps.seed(directory, pipeline.source(), pipeline.sourced(), names);
    KubernetesClient client = cluster.client();
    Namespaces.ensure(client, GitOps.NAMESPACE);
    GitRemote remote = cluster.gitRemote();
    try (GitRepository repository = seeded.repository()) {
      cluster.apply(List.of(application(remote.publish(repository), seeded.path(), names)));
    }
    ApplicationWatch application = new ApplicationWatch(client, applicationName(names));
    Map<Integer, Duration> healthy = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Manifests.Sourced>> wave : pipeline.syncWaves().entrySet()) {
      List<HasMetadata> ordered = wave.getValue().stream().map(Manifests.Sourced::object).toList();
      awaitHealthy(client, wave.getKey(), ordered, names, waveTimeout, application);
      healthy.put(wave.getKey(), Duration.ofNanos(System.nanoTime() - start));
    }
    application.awaitSynced(waveTimeout);
    return new Pipeline.Installed(
        healthy, directory, seeded.path(), application.name(), names, remote);
  }

  /**
   * The Application {@link Pipeline#APPLICATION} that syncs the pipeline from {@code path} of the
   * repository at {@code repositoryUrl} into namespaces {@code names}: a run on a shared cluster
   * gets its own, {@code scaleproof-pipeline-<run>}, labelled with the run.
   */
  static GenericKubernetesResource application(
      String repositoryUrl, String path, NamespaceMapping names) {
    GenericKubernetesResource application =
        GitOps.application(applicationName(names), repositoryUrl, path, "default");
    names
        .run()
        .ifPresent(
            run -> application.getMetadata().setLabels(Map.of(NamespaceMapping.RUN_LABEL, run)));
    return application;
  }

  private static String applicationName(NamespaceMapping names) {
    return names.run().map(run -> Pipeline.APPLICATION + "-" + run).orElse(Pipeline.APPLICATION);
  }

  /** A Deployment the install waits for. */
  private record Awaited(String namespace, String name) {}

  private static void awaitHealthy(
      KubernetesClient client,
      int wave,
      List<HasMetadata> objects,
      NamespaceMapping names,
      Duration timeout,
      ApplicationWatch application) {
    List<Awaited> deployments = new ArrayList<>();
    for (HasMetadata object : objects) {
      String namespace = names.of(object.getMetadata().getNamespace());
      if (object instanceof Deployment) {
        deployments.add(new Awaited(namespace, object.getMetadata().getName()));
      } else if ("OpenTelemetryCollector".equals(object.getKind())) {
        deployments.add(new Awaited(namespace, object.getMetadata().getName() + "-collector"));
      }
    }
    if (deployments.isEmpty()) {
      return;
    }
    try {
      await("sync wave " + wave + " healthy")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                application.failOnComparisonError();
                return deployments.stream().allMatch(d -> ready(client, d));
              });
    } catch (ConditionTimeoutException e) {
      String unhealthy =
          deployments.stream()
              .filter(d -> !ready(client, d))
              .map(d -> DeploymentDiagnosis.describe(client, d.namespace(), d.name()))
              .collect(Collectors.joining("; "));
      throw new IllegalStateException(
          "sync wave "
              + wave
              + " is not healthy after "
              + timeout.toSeconds()
              + " s: "
              + unhealthy
              + ". "
              + application.report(),
          e);
    }
  }

  private static boolean ready(KubernetesClient client, Awaited deployment) {
    return WorkloadReadiness.notReady(
            client, deployment.namespace(), "Deployment", deployment.name())
        .isEmpty();
  }
}
