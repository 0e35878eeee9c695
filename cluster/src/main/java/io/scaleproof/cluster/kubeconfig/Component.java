package io.scaleproof.cluster.kubeconfig;

import java.util.List;

/**
 * A component of the pipeline found already installed on the cluster, so that the run reuses it.
 *
 * @param name e.g. {@code KEDA}
 * @param detectedBy how it was found: the CustomResourceDefinitions installed, or the resources API
 *     discovery serves
 * @param workloads where it runs, as {@code namespace/deployment}; empty when no Deployment of it
 *     is visible (it runs elsewhere, as the embedded cluster's emulations do, or listing
 *     Deployments is not allowed)
 */
public record Component(String name, String detectedBy, List<String> workloads) {
  public Component {
    workloads = List.copyOf(workloads);
  }

  /** One line for the run's report. */
  public String describe() {
    return name
        + " ("
        + detectedBy
        + (workloads.isEmpty() ? "" : "; runs as " + String.join(", ", workloads))
        + ")";
  }
}
