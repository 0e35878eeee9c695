package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects that explain a run, as the cluster had them at its end: the Argo CD Application, and
 * each service's ScaledObject and generated HPA, or its own HPA on the Prometheus Adapter's metrics
 * (with their status and conditions).
 */
final class LiveObjects {
  private LiveObjects() {}

  static void write(
      KubernetesClient client,
      Scenario scenario,
      ProjectPipeline subject,
      NamespaceMapping namespaces,
      String application,
      Path file) {
    List<HasMetadata> objects = new ArrayList<>();
    add(
        objects,
        client
            .genericKubernetesResources("argoproj.io/v1alpha1", "Application")
            .inNamespace(GitOps.NAMESPACE)
            .withName(application)
            .get());
    for (String service : scenario.services()) {
      ScalingChain chain = subject.chain(service);
      String namespace = namespaces.of(chain.service().namespace());
      if (!chain.byKeda()) {
        add(objects, hpa(client, namespace, chain.autoscaler().name()));
        continue;
      }
      GenericKubernetesResource scaledObject =
          client
              .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
              .inNamespace(namespace)
              .withName(chain.scaledObject())
              .get();
      add(objects, scaledObject);
      // KEDA names the HPA it makes in the ScaledObject's status.
      Object hpa = scaledObject == null ? null : scaledObject.get("status", "hpaName");
      add(
          objects,
          hpa(
              client,
              namespace,
              hpa != null ? hpa.toString() : "keda-hpa-" + chain.scaledObject()));
    }
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      yaml.append(Serialization.asYaml(object));
    }
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static HasMetadata hpa(KubernetesClient client, String namespace, String name) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private static void add(List<HasMetadata> objects, HasMetadata object) {
    if (object != null) {
      objects.add(object);
    }
  }
}
