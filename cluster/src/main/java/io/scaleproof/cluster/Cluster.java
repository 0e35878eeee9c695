package io.scaleproof.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A Kubernetes cluster that a scenario installs the pipeline on and drives load against. The same
 * scenario runs on any implementation: the embedded {@code sim} cluster, k3s, or an existing
 * cluster. Closing it releases everything it started.
 */
public interface Cluster extends AutoCloseable {

  /** A client for the cluster's API; owned by the cluster, closed with it. */
  KubernetesClient client();

  /**
   * Applies every manifest in a YAML file, or in every {@code .yaml}/{@code .yml} file under a
   * directory. All documents are read and checked before any is applied.
   *
   * @throws InvalidInputException naming the file and field if a document is not a valid object
   */
  List<HasMetadata> apply(Path manifests);

  /** Applies objects: created if absent, otherwise updated the way {@code kubectl apply} does. */
  List<HasMetadata> apply(List<? extends HasMetadata> objects);

  /**
   * A URL on this machine that reaches the Service's {@code port}. Waits, within a bound, until the
   * Service can be reached there and has a ready endpoint behind it, so that the first request is
   * answered.
   */
  URI serviceUrl(String namespace, String name, int port);

  /** The log of the pod's first container (its current instance); empty if there is none. */
  String logs(String namespace, String pod);

  /** A kubeconfig file for kubectl and other tools. */
  Path kubeconfig();

  /**
   * The names the pipeline's namespaces have on this cluster: the declared ones on the embedded
   * cluster, the run's own ({@code sp-<run>-apps}, ...) on a shared one.
   */
  default NamespaceMapping namespaces() {
    return NamespaceMapping.identity();
  }

  /** Where this cluster's Argo CD reads the run's pipeline repository from. */
  default GitRemote gitRemote() {
    return GitRemote.local();
  }

  /** The faults this backend can make, or empty when it makes none. */
  default java.util.Optional<ClusterFaults> faults() {
    return java.util.Optional.empty();
  }

  /** Where the run keeps its files (kubeconfig, logs, the pipeline's Git repository). */
  default Path runDirectory() {
    return kubeconfig().toAbsolutePath().getParent();
  }

  @Override
  void close();
}
