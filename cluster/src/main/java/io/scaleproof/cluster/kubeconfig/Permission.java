package io.scaleproof.cluster.kubeconfig;

import java.util.Objects;

/**
 * One thing a run does on the cluster, in the terms of a {@code SelfSubjectAccessReview}'s {@code
 * resourceAttributes}. Empty strings stand for "none": the core API group, no subresource, a
 * cluster-wide permission.
 *
 * @param verb e.g. {@code create}
 * @param group the API group, empty for the core group
 * @param resource the resource's plural, e.g. {@code deployments}
 * @param subresource e.g. {@code log}, or empty
 * @param namespace the namespace it is needed in, or empty for cluster-wide
 */
public record Permission(
    String verb, String group, String resource, String subresource, String namespace) {

  public Permission {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(group, "group: empty for the core API group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(subresource, "subresource: empty for none");
    Objects.requireNonNull(namespace, "namespace: empty for cluster-wide");
  }

  /** A permission on a cluster-scoped resource, or on a resource in every namespace. */
  public static Permission clusterWide(String verb, String group, String resource) {
    return new Permission(verb, group, resource, "", "");
  }

  /** A permission in one namespace. */
  public static Permission in(String namespace, String verb, String group, String resource) {
    return new Permission(verb, group, resource, "", namespace);
  }

  public Permission onSubresource(String subresource) {
    return new Permission(verb, group, resource, subresource, namespace);
  }

  /** The resource as kubectl names it: {@code deployments.apps}, {@code pods/log}. */
  public String qualifiedResource() {
    return resource
        + (group.isEmpty() ? "" : "." + group)
        + (subresource.isEmpty() ? "" : "/" + subresource);
  }

  /** The {@code kubectl auth can-i} command that asks the same question. */
  public String canI() {
    return "kubectl auth can-i "
        + verb
        + " "
        + resource
        + (group.isEmpty() ? "" : "." + group)
        + (subresource.isEmpty() ? "" : " --subresource=" + subresource)
        + (namespace.isEmpty() ? "" : " -n " + namespace);
  }

  /** E.g. {@code create deployments.apps in namespace sp-1-apps}. */
  @Override
  public String toString() {
    return verb
        + " "
        + qualifiedResource()
        + (namespace.isEmpty() ? " (cluster-wide)" : " in namespace " + namespace);
  }
}
