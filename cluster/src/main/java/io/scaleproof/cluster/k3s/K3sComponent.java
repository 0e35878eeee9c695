package io.scaleproof.cluster.k3s;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One platform component of the k3s backend as {@code cluster/k3s/components.yaml} pins it, e.g.
 * KEDA. Immutable; {@link K3sComponents} checks every field when it reads the file.
 *
 * @param name the component, e.g. {@code keda}
 * @param version the release installed, as upstream tags it, e.g. {@code v2.21.0}
 * @param manifests the release's install manifests, applied in order; each names {@code version}
 * @param namespace where it runs; a manifest object without a namespace is applied into it
 * @param detect how to tell it is already installed in a cluster
 * @param awaits what must be ready before the next component is installed
 * @param images every image its manifests run, pinned
 * @param autoInstrumentation per language ({@code java}, {@code nodejs}, {@code python}...), the
 *     agent image an instrumentation operator injects when an Instrumentation names none; empty for
 *     other components
 */
public record K3sComponent(
    String name,
    String version,
    List<URI> manifests,
    String namespace,
    Detection detect,
    List<Workload> awaits,
    List<String> images,
    Map<String, String> autoInstrumentation) {

  public K3sComponent {
    manifests = List.copyOf(manifests);
    awaits = List.copyOf(awaits);
    images = List.copyOf(images);
    autoInstrumentation = Map.copyOf(autoInstrumentation);
  }

  /**
   * What shows the component is already installed: a CustomResourceDefinition it defines, and/or a
   * Deployment in its namespace. At least one is given; it is present when every given one exists
   * (a CRD alone may be left over from an uninstall).
   */
  public record Detection(Optional<String> crd, Optional<String> deployment) {}

  /** A workload of the component, in its namespace, awaited ready (all replicas). */
  public record Workload(String kind, String name) {
    /** The kinds a component can be awaited by. */
    public static final List<String> KINDS = List.of("Deployment", "StatefulSet", "DaemonSet");
  }
}
