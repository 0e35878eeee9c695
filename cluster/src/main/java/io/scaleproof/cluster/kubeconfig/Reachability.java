package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.InvalidInputException;

/** Whether the cluster of a context answers, and with the context's credentials accepted. */
final class Reachability {
  private Reachability() {}

  /**
   * Asks the API server for its version ({@code /version}, readable by every user).
   *
   * @return the server's version, e.g. {@code v1.34.0}
   * @throws InvalidInputException naming the server, the context and the cause if it does not
   *     answer or refuses the credentials
   */
  static String require(KubernetesClient client, KubeconfigFile kubeconfig) {
    try {
      return client.getKubernetesVersion().getGitVersion();
    } catch (KubernetesClientException e) {
      String where = "context '" + kubeconfig.context() + "' (server " + kubeconfig.server() + ")";
      if (e.getCode() == 401 || e.getCode() == 403) {
        throw new InvalidInputException(
            kubeconfig.source(),
            where,
            "the cluster refuses the context's credentials (HTTP " + e.getCode() + ")",
            "Renew the credentials of context '"
                + kubeconfig.context()
                + "' (log in again), then check: kubectl --context "
                + kubeconfig.context()
                + " get --raw /version");
      }
      if (e.getCode() > 0) {
        throw new InvalidInputException(
            kubeconfig.source(),
            where,
            "the server answers HTTP " + e.getCode() + " on /version, not as a Kubernetes API",
            "Check that the server URL of context '" + kubeconfig.context() + "' is the API's");
      }
      throw new InvalidInputException(
          kubeconfig.source(),
          where,
          "the cluster cannot be reached: " + describe(e),
          "Check that the cluster is up and that context '"
              + kubeconfig.context()
              + "' is the one you mean: kubectl --kubeconfig "
              + kubeconfig.source()
              + " --context "
              + kubeconfig.context()
              + " cluster-info; nothing was created");
    }
  }

  /** The root cause of a failed request, e.g. {@code ConnectException: Connection refused}. */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == error
        ? String.valueOf(error.getMessage())
        : root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
