package io.scaleproof.cluster;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a component's workload has finished rolling out, as {@code kubectl rollout status} judges
 * it: the controller has observed the latest generation (otherwise the status describes an older
 * spec and old pods would satisfy the wait), every replica runs the latest template, and every one
 * is available (ready, for a StatefulSet). Each check says what is still missing. The one test of a
 * rollout for the pipeline's install, the k3s components and the scenarios' commits.
 */
public final class WorkloadReadiness {
  private WorkloadReadiness() {}

  /**
   * What keeps the workload from being ready, or empty when it is ready.
   *
   * @param kind {@code Deployment}, {@code StatefulSet} or {@code DaemonSet}
   */
  public static Optional<String> notReady(
      KubernetesClient client, String namespace, String kind, String name) {
    return switch (kind) {
      case "Deployment" ->
          notReady(client.apps().deployments().inNamespace(namespace).withName(name).get());
      case "StatefulSet" ->
          notReady(client.apps().statefulSets().inNamespace(namespace).withName(name).get());
      case "DaemonSet" ->
          notReady(client.apps().daemonSets().inNamespace(namespace).withName(name).get());
      default -> throw new IllegalArgumentException("cannot await a " + kind);
    };
  }

  public static Optional<String> notReady(Deployment deployment) {
    if (deployment == null) {
      return Optional.of("does not exist");
    }
    DeploymentStatus status =
        Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
    Optional<String> stale =
        stale(deployment.getMetadata().getGeneration(), status.getObservedGeneration());
    if (stale.isPresent()) {
      return stale;
    }
    int desired = or(deployment.getSpec().getReplicas(), 1);
    int updated = or(status.getUpdatedReplicas(), 0);
    if (updated < desired) {
      return Optional.of(updated + " of " + desired + " replicas updated");
    }
    if (or(status.getReplicas(), 0) > updated) {
      return Optional.of((status.getReplicas() - updated) + " old replicas pending termination");
    }
    int available = or(status.getAvailableReplicas(), 0);
    if (available < updated) {
      return Optional.of(available + " of " + updated + " updated replicas available");
    }
    return Optional.empty();
  }

  public static Optional<String> notReady(StatefulSet statefulSet) {
    if (statefulSet == null) {
      return Optional.of("does not exist");
    }
    StatefulSetStatus status =
        Objects.requireNonNullElseGet(statefulSet.getStatus(), StatefulSetStatus::new);
    Optional<String> stale =
        stale(statefulSet.getMetadata().getGeneration(), status.getObservedGeneration());
    if (stale.isPresent()) {
      return stale;
    }
    int desired = or(statefulSet.getSpec().getReplicas(), 1);
    int ready = or(status.getReadyReplicas(), 0);
    if (ready < desired) {
      return Optional.of(ready + " of " + desired + " replicas ready");
    }
    int updated = or(status.getUpdatedReplicas(), 0);
    if (updated < desired) {
      return Optional.of(updated + " of " + desired + " replicas updated");
    }
    if (status.getUpdateRevision() != null
        && !status.getUpdateRevision().equals(status.getCurrentRevision())) {
      return Optional.of("rolling update to revision " + status.getUpdateRevision());
    }
    return Optional.empty();
  }

  public static Optional<String> notReady(DaemonSet daemonSet) {
    if (daemonSet == null) {
      return Optional.of("does not exist");
    }
    DaemonSetStatus status =
        Objects.requireNonNullElseGet(daemonSet.getStatus(), DaemonSetStatus::new);
    Optional<String> stale =
        stale(daemonSet.getMetadata().getGeneration(), status.getObservedGeneration());
    if (stale.isPresent()) {
      return stale;
    }
    int desired = or(status.getDesiredNumberScheduled(), 0);
    int updated = or(status.getUpdatedNumberScheduled(), 0);
    if (updated < desired) {
      return Optional.of(updated + " of " + desired + " pods updated");
    }
    int available = or(status.getNumberAvailable(), 0);
    if (available < desired) {
      return Optional.of(available + " of " + desired + " pods available");
    }
    return Optional.empty();
  }

  private static Optional<String> stale(Long generation, Long observed) {
    if (generation != null && (observed == null || observed < generation)) {
      return Optional.of(
          "the controller has not observed generation "
              + generation
              + " yet (at "
              + observed
              + ")");
    }
    return Optional.empty();
  }

  private static int or(Integer value, int otherwise) {
    return value == null ? otherwise : value;
  }
}
