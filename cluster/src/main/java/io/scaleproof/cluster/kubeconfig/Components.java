package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the components of the pipeline already installed on a cluster: KEDA, the OpenTelemetry
 * Operator, Argo CD, cert-manager and the Prometheus operator.
 *
 * <p>A component is there when its custom resources are: first by its CustomResourceDefinitions
 * (one list of them, which names the CRDs whatever versions they serve), else by API discovery of
 * the group and version the pipeline uses ({@code GET /apis/<group>/<version>} listing the
 * resource). Both answer on a real API server; the embedded cluster stores no CRD objects for the
 * types it serves built in (see {@code sim.apiserver.ResourceTypes}), but its discovery lists them,
 * so discovery is the fallback that works on both. Where the component runs is added from the
 * Deployments that carry its name in their {@code app.kubernetes.io/name} or {@code app} label, if
 * Deployments may be listed cluster-wide.
 */
final class Components {
  private record Served(String group, String version, String plural) {
    String crd() {
      return plural + "." + group;
    }
  }

  private record Known(String name, List<Served> resources, Set<String> deploymentNames) {}

  private static final List<Known> KNOWN =
      List.of(
          new Known(
              "KEDA",
              List.of(new Served("keda.sh", "v1alpha1", "scaledobjects")),
              Set.of("keda-operator")),
          new Known(
              "OpenTelemetry Operator",
              List.of(
                  new Served("opentelemetry.io", "v1beta1", "opentelemetrycollectors"),
                  new Served("opentelemetry.io", "v1alpha1", "instrumentations")),
              Set.of("opentelemetry-operator")),
          new Known(
              "Argo CD",
              List.of(new Served("argoproj.io", "v1alpha1", "applications")),
              Set.of("argocd-server", "argocd-repo-server")),
          new Known(
              "cert-manager",
              List.of(new Served("cert-manager.io", "v1", "certificates")),
              Set.of("cert-manager")),
          new Known(
              "Prometheus operator",
              List.of(new Served("monitoring.coreos.com", "v1", "prometheusrules")),
              Set.of("prometheus-operator", "kube-prometheus-stack-operator")));

  private Components() {}

  /** The components found, in a fixed order; those not found are left out. */
  static List<Component> detect(KubernetesClient client) {
    Set<String> crds =
        client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
            .map(crd -> crd.getMetadata().getName())
            .collect(Collectors.toSet());
    List<Deployment> deployments = deployments(client);
    List<Component> found = new ArrayList<>();
    for (Known known : KNOWN) {
      List<String> how = new ArrayList<>();
      for (Served served : known.resources()) {
        if (crds.contains(served.crd())) {
          how.add("CustomResourceDefinition " + served.crd());
        } else if (discovered(client, served)) {
          how.add(
              "API discovery: " + served.group() + "/" + served.version() + " " + served.plural());
        }
      }
      if (!how.isEmpty()) {
        List<String> workloads =
            deployments.stream()
                .filter(d -> named(d, known.deploymentNames()))
                .map(d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName())
                .sorted()
                .toList();
        found.add(new Component(known.name(), String.join(", ", how), workloads));
      }
    }
    return List.copyOf(found);
  }

  private static boolean discovered(KubernetesClient client, Served served) {
    try {
      APIResourceList list = client.getApiResources(served.group() + "/" + served.version());
      return list != null
          && list.getResources().stream()
              .map(APIResource::getName)
              .anyMatch(served.plural()::equals);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static List<Deployment> deployments(KubernetesClient client) {
    try {
      return client.apps().deployments().inAnyNamespace().list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return List.of();
      }
      throw e;
    }
  }

  private static boolean named(HasMetadata deployment, Set<String> names) {
    Map<String, String> labels = deployment.getMetadata().getLabels();
    return names.contains(deployment.getMetadata().getName())
        || labels != null
            && Stream.of(labels.get("app.kubernetes.io/name"), labels.get("app"))
                .anyMatch(label -> label != null && names.contains(label));
  }
}
