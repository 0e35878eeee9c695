package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.gitops.GitOps;

/**
 * The Argo CD Applications a run created: they live in Argo CD's namespace, outside the run's own,
 * so deleting the run's namespaces does not take them along.
 */
final class RunApplications {
  private RunApplications() {}

  /**
   * Deletes the Applications labelled with the run, without cascading: the objects they synced go
   * with the run's namespaces. A cluster without Argo CD's Application type has none.
   */
  static void delete(KubernetesClient client, String runId) {
    try {
      client
          .genericKubernetesResources(GitOps.APPLICATIONS)
          .inNamespace(GitOps.NAMESPACE)
          .withLabel(NamespaceMapping.RUN_LABEL, runId)
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
