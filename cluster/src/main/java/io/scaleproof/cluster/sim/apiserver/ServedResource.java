package io.scaleproof.cluster.sim.apiserver;

import java.util.List;

/**
 * One resource type the embedded API server serves, as discovery describes it: its group, version,
 * kind and plural, whether it is namespaced, its verbs, short names, categories and subresources.
 *
 * @param group the API group, empty for the core group
 * @param subresources e.g. {@code status}, {@code scale}, {@code log}
 */
public record ServedResource(
    String group,
    String version,
    String kind,
    String plural,
    boolean namespaced,
    List<String> verbs,
    List<String> shortNames,
    List<String> categories,
    List<Subresource> subresources) {

  /** The verbs of a resource that is stored: everything kubectl does to an object. */
  static final List<String> STORED =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * A subresource and the kind it answers with: a workload's {@code scale} is an {@code
   * autoscaling/v1 Scale}, its {@code status} the workload itself.
   */
  public record Subresource(
      String name, String group, String version, String kind, List<String> verbs) {}

  /** {@code apps/v1}, or {@code v1} for the core group. */
  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The singular name: the kind in lower case, as the API server derives it. */
  public String singular() {
    return kind.toLowerCase(java.util.Locale.ROOT);
  }

  ServedResource withSubresource(Subresource subresource) {
    List<Subresource> all = new java.util.ArrayList<>(subresources);
    all.add(subresource);
    return new ServedResource(
        group, version, kind, plural, namespaced, verbs, shortNames, categories, List.copyOf(all));
  }

  static Subresource status(ServedResource of) {
    return new Subresource(
        "status", of.group, of.version, of.kind, List.of("get", "patch", "update"));
  }

  static Subresource scale() {
    return new Subresource(
        "scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
  }
}
