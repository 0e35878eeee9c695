package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.gitops.GitOps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The permissions a run needs, checked before anything is created: every one is asked of an {@link
 * AccessReviewer}, and every one denied is named, with the {@code kubectl auth can-i} command that
 * asks the same.
 */
final class RbacCheck {
  private RbacCheck() {}

  /**
   * What a run does: creates and deletes its namespaces, finds the components already installed
   * (CRDs), creates and deletes its Argo CD Application, creates workloads, Services and ConfigMaps
   * in its namespaces, writes the rule files of its PrometheusRules, waits for them (pods,
   * EndpointSlices), reads logs and port-forwards to pods.
   */
  static List<Permission> required(Collection<String> runNamespaces) {
    List<Permission> needed = new ArrayList<>();
    needed.add(Permission.clusterWide("create", "", "namespaces"));
    needed.add(Permission.clusterWide("delete", "", "namespaces"));
    needed.add(Permission.clusterWide("list", "apiextensions.k8s.io", "customresourcedefinitions"));
    needed.add(Permission.in(GitOps.NAMESPACE, "create", "argoproj.io", "applications"));
    needed.add(Permission.in(GitOps.NAMESPACE, "patch", "argoproj.io", "applications"));
    needed.add(Permission.in(GitOps.NAMESPACE, "delete", "argoproj.io", "applications"));
    for (String namespace : runNamespaces) {
      needed.add(Permission.in(namespace, "create", "apps", "deployments"));
      needed.add(Permission.in(namespace, "create", "", "services"));
      needed.add(Permission.in(namespace, "create", "", "configmaps"));
      needed.add(Permission.in(namespace, "update", "", "configmaps"));
      needed.add(Permission.in(namespace, "watch", "monitoring.coreos.com", "prometheusrules"));
      needed.add(Permission.in(namespace, "list", "", "pods"));
      needed.add(Permission.in(namespace, "get", "", "pods").onSubresource("log"));
      needed.add(Permission.in(namespace, "create", "", "pods").onSubresource("portforward"));
      needed.add(Permission.in(namespace, "list", "discovery.k8s.io", "endpointslices"));
    }
    return List.copyOf(needed);
  }

  /**
   * Asks for every permission in {@code needed}.
   *
   * @throws InvalidInputException naming the kubeconfig's context and each permission denied
   */
  static void require(KubeconfigFile kubeconfig, AccessReviewer reviewer, List<Permission> needed) {
    List<Permission> denied;
    try {
      denied = needed.stream().filter(p -> !reviewer.allowed(p)).toList();
    } catch (KubernetesClientException e) {
      throw new InvalidInputException(
          kubeconfig.source(),
          "context '" + kubeconfig.context() + "'",
          "the cluster does not answer access reviews (SelfSubjectAccessReview): "
              + Reachability.describe(e),
          "Check that the API server serves authorization.k8s.io/v1; nothing was created");
    }
    if (denied.isEmpty()) {
      return;
    }
    String user = kubeconfig.user() == null ? "" : " (user " + kubeconfig.user() + ")";
    throw new InvalidInputException(
        kubeconfig.source(),
        "context '" + kubeconfig.context() + "'" + user,
        "the cluster denies "
            + denied.size()
            + " permission(s) the run needs: "
            + denied.stream().map(Permission::toString).collect(Collectors.joining("; ")),
        "Grant them to the user of context '"
            + kubeconfig.context()
            + "' (a ClusterRole with these rules, bound with a ClusterRoleBinding), or use a"
            + " context that has them; nothing was created. Check each with: "
            + denied.stream().map(Permission::canI).collect(Collectors.joining("; ")));
  }
}
