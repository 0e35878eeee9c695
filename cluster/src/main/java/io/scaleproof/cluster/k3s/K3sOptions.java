package io.scaleproof.cluster.k3s;

import io.scaleproof.cluster.kubeconfig.KubeconfigOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * How a run starts its k3s cluster. Immutable; copies via {@code withX(..)}.
 *
 * @param runDirectory where the run writes its files: the kubeconfig, the downloaded component
 *     manifests; created only once Docker was found
 * @param runId names the run's namespaces ({@code sp-<runId>-<logical>}) as on any cluster; a DNS
 *     label
 * @param keepOnFailure for a run {@linkplain K3sCluster#markFailed() marked failed}, leave the k3s
 *     container and the run's namespaces in place after close, as evidence
 * @param plan what is installed: the k3s image, the components, the images built from the project
 * @param progress receives one line per step (starting k3s, each image, each component), for a
 *     person watching a run that takes minutes
 */
public record K3sOptions(
    Path runDirectory,
    String runId,
    boolean keepOnFailure,
    K3sInstallPlan plan,
    Consumer<String> progress) {

  public K3sOptions {
    Objects.requireNonNull(runDirectory, "runDirectory: give the directory for the run's files");
    Objects.requireNonNull(runId, "runId: give a run id, e.g. from K3sOptions.defaults()");
    Objects.requireNonNull(plan, "plan: give the install plan, e.g. K3sInstallPlan.declared()");
    Objects.requireNonNull(progress, "progress: give where progress lines go, e.g. System.out");
    // The run id names namespaces: checked as the kubeconfig backend checks it, before anything
    // starts rather than after k3s is up.
    KubeconfigOptions.defaults().withRunId(runId);
  }

  /**
   * A fresh run directory under {@code target/scaleproof-runs} and a new run id (as {@link
   * KubeconfigOptions#defaults()} makes them), nothing kept after a failure, the project's plan
   * ({@link K3sInstallPlan#declared()}) and progress logged.
   */
  public static K3sOptions defaults() {
    KubeconfigOptions run = KubeconfigOptions.defaults();
    return new K3sOptions(
        run.runDirectory(),
        run.runId(),
        false,
        K3sInstallPlan.declared(),
        LoggerFactory.getLogger(K3sCluster.class)::info);
  }

  public K3sOptions withRunDirectory(Path runDirectory) {
    return new K3sOptions(runDirectory, runId, keepOnFailure, plan, progress);
  }

  public K3sOptions withRunId(String runId) {
    return new K3sOptions(runDirectory, runId, keepOnFailure, plan, progress);
  }

  public K3sOptions withKeepOnFailure(boolean keepOnFailure) {
    return new K3sOptions(runDirectory, runId, keepOnFailure, plan, progress);
  }

  public K3sOptions withPlan(K3sInstallPlan plan) {
    return new K3sOptions(runDirectory, runId, keepOnFailure, plan, progress);
  }

  public K3sOptions withProgress(Consumer<String> progress) {
    return new K3sOptions(runDirectory, runId, keepOnFailure, plan, progress);
  }

  /** The options of the kubeconfig backend that the started cluster is reached through. */
  KubeconfigOptions kubeconfig(Path kubeconfig) {
    return KubeconfigOptions.defaults()
        .withKubeconfig(kubeconfig)
        .withContext(null)
        .withRunDirectory(runDirectory)
        .withRunId(runId)
        .withKeepNamespacesOnFailure(keepOnFailure)
        .withGitServerImage(plan.gitServerImage());
  }
}
