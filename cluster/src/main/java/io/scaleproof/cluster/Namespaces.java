package io.scaleproof.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Namespaces as the run's parts need them: there when something is to be created in them. */
public final class Namespaces {
  private Namespaces() {}

  /**
   * Creates namespace {@code name} unless it exists, as {@code kubectl create namespace} would and
   * Argo CD's {@code CreateNamespace=true} does; whether it was created.
   */
  public static boolean ensure(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() != null) {
      return false;
    }
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return true;
  }
}
