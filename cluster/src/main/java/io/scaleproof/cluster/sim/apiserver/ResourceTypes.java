package io.scaleproof.cluster.sim.apiserver;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.util.List;

/**
 * The resource types the embedded API server knows beyond what the mock derives from a path: the
 * custom resources of the pipeline (so that clients can discover their plural and scope, as they
 * would from installed CRDs), and the apps/v1 workloads (so that their {@code status} is a
 * subresource: a write to the object leaves the controller's status alone, as on a real API
 * server). A CustomResourceDefinition applied at run time is learned the same way.
 */
public final class ResourceTypes {
  private ResourceTypes() {}

  /** Whether the custom resources of {@code group} and {@code kind} are served without a CRD. */
  public static boolean served(String group, String kind) {
    return all().stream().anyMatch(c -> c.getGroup().equals(group) && c.getKind().equals(kind));
  }

  static List<CustomResourceDefinitionContext> all() {
    return List.of(
        namespaced("apps", "v1", "Deployment", "deployments"),
        namespaced("apps", "v1", "ReplicaSet", "replicasets"),
        namespaced("apps", "v1", "StatefulSet", "statefulsets"),
        namespaced("keda.sh", "v1alpha1", "ScaledObject", "scaledobjects"),
        namespaced("keda.sh", "v1alpha1", "ScaledJob", "scaledjobs"),
        namespaced("keda.sh", "v1alpha1", "TriggerAuthentication", "triggerauthentications"),
        cluster(
            "keda.sh", "v1alpha1", "ClusterTriggerAuthentication", "clustertriggerauthentications"),
        namespaced("opentelemetry.io", "v1alpha1", "Instrumentation", "instrumentations"),
        namespaced(
            "opentelemetry.io", "v1beta1", "OpenTelemetryCollector", "opentelemetrycollectors"),
        namespaced(
            "opentelemetry.io", "v1alpha1", "OpenTelemetryCollector", "opentelemetrycollectors"),
        namespaced("argoproj.io", "v1alpha1", "Application", "applications"),
        namespaced("argoproj.io", "v1alpha1", "AppProject", "appprojects"),
        namespaced("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules"),
        namespaced("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors"),
        namespaced("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors"));
  }

  private static CustomResourceDefinitionContext namespaced(
      String group, String version, String kind, String plural) {
    return context(group, version, kind, plural, "Namespaced");
  }

  private static CustomResourceDefinitionContext cluster(
      String group, String version, String kind, String plural) {
    return context(group, version, kind, plural, "Cluster");
  }

  private static CustomResourceDefinitionContext context(
      String group, String version, String kind, String plural, String scope) {
    return new CustomResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withScope(scope)
        .withStatusSubresource(true)
        .build();
  }
}
