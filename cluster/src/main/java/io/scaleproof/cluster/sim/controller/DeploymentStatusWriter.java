package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Deployment's status as the Deployment controller computes it ({@code calculateStatus} and
 * {@code syncRolloutStatus}): counts summed over its ReplicaSets, and the Available and Progressing
 * conditions with upstream's reasons and messages.
 */
final class DeploymentStatusWriter {
  private final KubernetesClient client;
  private final Clock clock;

  DeploymentStatusWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param created whether this sync created {@code newRs}
   */
  void sync(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, boolean created) {
    List<ReplicaSet> all = new ArrayList<>(old);
    all.add(newRs);
    int desired = DeploymentSpec.replicas(d);
    int available = sum(all, ReplicaSetStatus::getAvailableReplicas);
    int replicas = sum(all, ReplicaSetStatus::getReplicas);
    int updated = sum(List.of(newRs), ReplicaSetStatus::getReplicas);
    int totalSpec = all.stream().mapToInt(DeploymentSpec::replicas).sum();
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    List<DeploymentCondition> conditions =
        new ArrayList<>(d.getStatus() == null ? List.of() : d.getStatus().getConditions());

    if (available >= desired - DeploymentSpec.maxUnavailable(d)) {
      set(
          conditions,
          "Available",
          "True",
          "MinimumReplicasAvailable",
          "Deployment has minimum availability.",
          now);
    } else {
      set(
          conditions,
          "Available",
          "False",
          "MinimumReplicasUnavailable",
          "Deployment does not have minimum availability.",
          now);
    }
    String rs = "ReplicaSet \"" + newRs.getMetadata().getName() + "\"";
    boolean complete =
        updated == desired
            && replicas == desired
            && available == desired
            && old.stream().allMatch(set -> DeploymentSpec.replicas(set) == 0);
    if (complete) {
      set(
          conditions,
          "Progressing",
          "True",
          "NewReplicaSetAvailable",
          rs + " has successfully progressed.",
          now);
    } else if (created) {
      set(
          conditions,
          "Progressing",
          "True",
          "NewReplicaSetCreated",
          "Created new replica set \"" + newRs.getMetadata().getName() + "\"",
          now);
    } else {
      set(conditions, "Progressing", "True", "ReplicaSetUpdated", rs + " is progressing.", now);
    }

    DeploymentStatus status =
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(sum(all, ReplicaSetStatus::getReadyReplicas))
            .withAvailableReplicas(available)
            .withUnavailableReplicas(Math.max(0, totalSpec - available))
            .withCollisionCount(d.getStatus() == null ? null : d.getStatus().getCollisionCount())
            .withConditions(conditions)
            .build();
    if (!Objects.equals(status, d.getStatus())) {
      write(d, status);
    }
  }

  private void write(Deployment d, DeploymentStatus status) {
    Deployment latest =
        client
            .apps()
            .deployments()
            .inNamespace(d.getMetadata().getNamespace())
            .withName(d.getMetadata().getName())
            .get();
    if (latest != null) {
      latest.setStatus(status);
      client.apps().deployments().resource(latest).updateStatus();
    }
  }

  /**
   * SetDeploymentCondition: a condition whose status and reason are unchanged is left alone; a new
   * status moves lastTransitionTime, a new reason or message only lastUpdateTime.
   */
  private static void set(
      List<DeploymentCondition> conditions,
      String type,
      String status,
      String reason,
      String message,
      String now) {
    Optional<DeploymentCondition> current =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    if (current.isPresent()
        && status.equals(current.get().getStatus())
        && reason.equals(current.get().getReason())) {
      return;
    }
    String transition =
        current
            .filter(c -> status.equals(c.getStatus()))
            .map(DeploymentCondition::getLastTransitionTime)
            .orElse(now);
    current.ifPresent(conditions::remove);
    conditions.add(
        new DeploymentConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withLastUpdateTime(now)
            .withLastTransitionTime(transition)
            .build());
  }

  private static int sum(List<ReplicaSet> sets, Function<ReplicaSetStatus, Integer> count) {
    return sets.stream()
        .map(ReplicaSet::getStatus)
        .filter(Objects::nonNull)
        .map(count)
        .filter(Objects::nonNull)
        .mapToInt(Integer::intValue)
        .sum();
  }
}
