package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaleproof.cluster.control.Controller;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes what a deleted namespace held, as the namespace controller does: Deployments, their
 * ReplicaSets and Pods (whose processes the kubelet then stops), Services, configuration, and the
 * pipeline's custom resources. Upstream, a namespace stays {@code Terminating} until it is empty;
 * the embedded API server removes the Namespace object at once, so here its content goes right
 * after it.
 */
public final class NamespaceController extends Controller {
  /** What a namespace can hold on the embedded cluster, owners before what they own. */
  private static final List<ResourceDefinitionContext> CONTENT =
      List.of(
          type("keda.sh", "v1alpha1", "ScaledObject", "scaledobjects"),
          type("keda.sh", "v1alpha1", "ScaledJob", "scaledjobs"),
          type("keda.sh", "v1alpha1", "TriggerAuthentication", "triggerauthentications"),
          type("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
          type("argoproj.io", "v1alpha1", "Application", "applications"),
          type("argoproj.io", "v1alpha1", "AppProject", "appprojects"),
          type("opentelemetry.io", "v1beta1", "OpenTelemetryCollector", "opentelemetrycollectors"),
          type("opentelemetry.io", "v1alpha1", "Instrumentation", "instrumentations"),
          type("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules"),
          type("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors"),
          type("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors"),
          type("apps", "v1", "Deployment", "deployments"),
          type("apps", "v1", "StatefulSet", "statefulsets"),
          type("apps", "v1", "ReplicaSet", "replicasets"),
          type("", "v1", "Pod", "pods"),
          type("", "v1", "Service", "services"),
          type("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices"),
          type("", "v1", "Endpoints", "endpoints"),
          type("", "v1", "ConfigMap", "configmaps"),
          type("", "v1", "Secret", "secrets"),
          type("", "v1", "ServiceAccount", "serviceaccounts"));

  private final KubernetesClient client;

  public NamespaceController(KubernetesClient client) {
    super("namespace-controller");
    this.client = client;
  }

  @Override
  public void start() {
    watch(client.namespaces(), namespace -> Stream.of(namespace.getMetadata().getName()));
  }

  @Override
  protected void reconcile(String namespace) {
    if (client.namespaces().withName(namespace).get() != null) {
      return;
    }
    for (ResourceDefinitionContext type : CONTENT) {
      for (GenericKubernetesResource object :
          client.genericKubernetesResources(type).inNamespace(namespace).list().getItems()) {
        client.genericKubernetesResources(type).resource(object).delete();
      }
    }
  }

  private static ResourceDefinitionContext type(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
