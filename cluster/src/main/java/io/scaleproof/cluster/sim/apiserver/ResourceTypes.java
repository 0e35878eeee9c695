package io.scaleproof.cluster.sim.apiserver;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.util.List;
import java.util.Map;

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

  private static final class Index {
    static final Map<String, ServedResource> BY_PATH = new java.util.HashMap<>();

    static {
      for (ServedResource resource : catalogue()) {
        BY_PATH.put(resource.groupVersion() + "/" + resource.plural(), resource);
      }
    }
  }

  /**
   * Whether {@code group} is one of Kubernetes' own: the core group, a group without a dot ({@code
   * apps}, {@code batch}) or one under {@code k8s.io}, which a CRD may not use.
   */
  static boolean builtIn(String group) {
    return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
  }

  /**
   * The built-in (or pinned custom) resource served at {@code group}/{@code version}/{@code
   * plural}.
   */
  static java.util.Optional<ServedResource> find(String group, String version, String plural) {
    return java.util.Optional.ofNullable(
        Index.BY_PATH.get((group.isEmpty() ? version : group + "/" + version) + "/" + plural));
  }

  /**
   * Every resource type discovery lists, built-in and custom, as Kubernetes 1.34 and the pinned
   * CRDs describe them (short names, categories, subresources): the ones the embedded cluster
   * stores and its controllers use. A CustomResourceDefinition applied at run time adds its own,
   * see {@link Discovery}. Of autoscaling, only {@code v2} is served: the store keeps one version
   * of an object and converts none.
   */
  static List<ServedResource> catalogue() {
    List<ServedResource> served = new java.util.ArrayList<>();
    served.add(core("ConfigMap", "configmaps", List.of("cm")));
    served.add(core("Endpoints", "endpoints", List.of("ep")));
    served.add(core("Event", "events", List.of("ev")));
    served.add(core("LimitRange", "limitranges", List.of("limits")));
    served.add(
        withStatus(
            new ServedResource(
                "",
                "v1",
                "Namespace",
                "namespaces",
                false,
                List.of("create", "delete", "get", "list", "patch", "update", "watch"),
                List.of("ns"),
                List.of(),
                List.of())));
    served.add(withStatus(clusterScoped("", "v1", "Node", "nodes", List.of("no"))));
    served.add(withStatus(core("PersistentVolumeClaim", "persistentvolumeclaims", List.of("pvc"))));
    served.add(
        withStatus(
            clusterScoped("", "v1", "PersistentVolume", "persistentvolumes", List.of("pv"))));
    served.add(
        withStatus(
            inAll(core("Pod", "pods", List.of("po")))
                .withSubresource(
                    new ServedResource.Subresource("log", "", "v1", "Pod", List.of("get")))
                .withSubresource(
                    new ServedResource.Subresource(
                        "portforward",
                        "",
                        "v1",
                        "PodPortForwardOptions",
                        List.of("create", "get")))));
    served.add(withStatus(core("ResourceQuota", "resourcequotas", List.of("quota"))));
    served.add(core("Secret", "secrets", List.of()));
    served.add(core("ServiceAccount", "serviceaccounts", List.of("sa")));
    served.add(withStatus(inAll(core("Service", "services", List.of("svc")))));
    served.add(namespaced("apps", "v1", "ControllerRevision", "controllerrevisions", List.of()));
    served.add(
        withStatus(inAll(namespaced("apps", "v1", "DaemonSet", "daemonsets", List.of("ds")))));
    for (String[] workload :
        new String[][] {
          {"Deployment", "deployments", "deploy"},
          {"ReplicaSet", "replicasets", "rs"},
          {"StatefulSet", "statefulsets", "sts"}
        }) {
      served.add(
          withStatus(
                  inAll(namespaced("apps", "v1", workload[0], workload[1], List.of(workload[2]))))
              .withSubresource(ServedResource.scale()));
    }
    served.add(
        withStatus(
            inAll(
                namespaced(
                    "autoscaling",
                    "v2",
                    "HorizontalPodAutoscaler",
                    "horizontalpodautoscalers",
                    List.of("hpa")))));
    served.add(withStatus(inAll(namespaced("batch", "v1", "CronJob", "cronjobs", List.of("cj")))));
    served.add(withStatus(inAll(namespaced("batch", "v1", "Job", "jobs", List.of()))));
    served.add(namespaced("coordination.k8s.io", "v1", "Lease", "leases", List.of()));
    served.add(namespaced("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", List.of()));
    served.add(
        withStatus(namespaced("networking.k8s.io", "v1", "Ingress", "ingresses", List.of("ing"))));
    served.add(
        namespaced(
            "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", List.of("netpol")));
    served.add(
        withStatus(
            namespaced(
                "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", List.of("pdb"))));
    String rbac = "rbac.authorization.k8s.io";
    served.add(clusterScoped(rbac, "v1", "ClusterRoleBinding", "clusterrolebindings", List.of()));
    served.add(clusterScoped(rbac, "v1", "ClusterRole", "clusterroles", List.of()));
    served.add(namespaced(rbac, "v1", "RoleBinding", "rolebindings", List.of()));
    served.add(namespaced(rbac, "v1", "Role", "roles", List.of()));
    served.add(
        withStatus(
            clusterScoped(
                "apiextensions.k8s.io",
                "v1",
                "CustomResourceDefinition",
                "customresourcedefinitions",
                List.of("crd", "crds"))));
    served.add(
        new ServedResource(
            "authorization.k8s.io",
            "v1",
            "SelfSubjectAccessReview",
            "selfsubjectaccessreviews",
            false,
            List.of("create"),
            List.of(),
            List.of(),
            List.of()));
    for (CustomResourceDefinitionContext custom : all()) {
      if (custom.getGroup().equals("apps")) {
        continue;
      }
      served.add(
          withStatus(
              new ServedResource(
                  custom.getGroup(),
                  custom.getVersion(),
                  custom.getKind(),
                  custom.getPlural(),
                  "Namespaced".equals(custom.getScope()),
                  ServedResource.STORED,
                  PrinterColumns.shortNames(custom.getKind()),
                  PrinterColumns.categories(custom.getKind()),
                  List.of())));
    }
    return List.copyOf(served);
  }

  private static ServedResource core(String kind, String plural, List<String> shortNames) {
    return namespaced("", "v1", kind, plural, shortNames);
  }

  private static ServedResource namespaced(
      String group, String version, String kind, String plural, List<String> shortNames) {
    return stored(group, version, kind, plural, true, shortNames);
  }

  private static ServedResource clusterScoped(
      String group, String version, String kind, String plural, List<String> shortNames) {
    return stored(group, version, kind, plural, false, shortNames);
  }

  /** A stored resource type with every verb, in no category and without subresources yet. */
  private static ServedResource stored(
      String group,
      String version,
      String kind,
      String plural,
      boolean namespaced,
      List<String> shortNames) {
    return new ServedResource(
        group,
        version,
        kind,
        plural,
        namespaced,
        ServedResource.STORED,
        shortNames,
        List.of(),
        List.of());
  }

  /** In the {@code all} category, as the workloads and Services are: {@code kubectl get all}. */
  private static ServedResource inAll(ServedResource resource) {
    return new ServedResource(
        resource.group(),
        resource.version(),
        resource.kind(),
        resource.plural(),
        resource.namespaced(),
        resource.verbs(),
        resource.shortNames(),
        List.of("all"),
        resource.subresources());
  }

  private static ServedResource withStatus(ServedResource resource) {
    return resource.withSubresource(ServedResource.status(resource));
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
