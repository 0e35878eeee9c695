package io.scaleproof.cluster.local;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * Release manifests onto the local control plane: applied server-side (upstream CRDs are larger
 * than client-side apply's annotation may be), then every CustomResourceDefinition among them
 * awaited until the API server serves it (Established).
 */
final class ServerSideApply {
  // A hang guard: the API server establishes a CRD within a second.
  private static final Duration ESTABLISHED = Duration.ofSeconds(60);

  private ServerSideApply() {}

  static void applyAndEstablish(KubernetesClient client, List<HasMetadata> objects) {
    for (HasMetadata object : objects) {
      client.resource(object).fieldManager("scaleproof").forceConflicts().serverSideApply();
    }
    for (HasMetadata object : objects) {
      if ("CustomResourceDefinition".equals(object.getKind())) {
        String name = object.getMetadata().getName();
        await("CRD " + name + " established")
            .atMost(ESTABLISHED)
            .until(() -> established(client, name));
      }
    }
  }

  private static boolean established(KubernetesClient client, String name) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
