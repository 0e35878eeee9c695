package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.gitops.GitOps;
import java.util.Map;

/** The pipeline's Argo CD Application as a run asks and reads it. */
final class LiveApplication {
  private LiveApplication() {}

  /** Asks Argo CD to compare the Application with Git now: annotation {@code refresh=normal}. */
  static void requestRefresh(KubernetesClient client, String application) {
    GitOps.requestRefresh(client, application);
  }

  /** The message of the Application's ComparisonError condition, when it shows one. */
  static java.util.Optional<String> comparisonError(KubernetesClient client, String application) {
    GenericKubernetesResource live =
        client
            .genericKubernetesResources(GitOps.APPLICATIONS)
            .inNamespace(GitOps.NAMESPACE)
            .withName(application)
            .get();
    if (live != null && live.get("status", "conditions") instanceof java.util.List<?> conditions) {
      return conditions.stream()
          .filter(Map.class::isInstance)
          .map(Map.class::cast)
          .filter(c -> "ComparisonError".equals(c.get("type")))
          .map(c -> String.valueOf(c.get("message")))
          .findFirst();
    }
    return java.util.Optional.empty();
  }

  /** Whether the Application's sync status is Synced at commit {@code sha}. */
  static boolean syncedTo(KubernetesClient client, String application, String sha) {
    GenericKubernetesResource live =
        client
            .genericKubernetesResources(GitOps.APPLICATIONS)
            .inNamespace(GitOps.NAMESPACE)
            .withName(application)
            .get();
    return live != null
        && "Synced".equals(live.get("status", "sync", "status"))
        && sha.equals(live.get("status", "sync", "revision"));
  }
}
