package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The arithmetic of a RollingUpdate Deployment, as the Deployment controller does it ({@code
 * pkg/controller/deployment/rolling.go} and {@code util/deployment_util.go}): how far the new
 * ReplicaSet may grow, and how far the old ones may shrink, without breaking maxSurge and
 * maxUnavailable.
 */
public final class RollingUpdate {
  private RollingUpdate() {}

  /** What the controller knows of one ReplicaSet. Ordered oldest first by {@code age}. */
  public record ReplicaSetState(String name, long age, int specReplicas, int availableReplicas) {
    ReplicaSetState withSpecReplicas(int replicas) {
      return new ReplicaSetState(name, age, replicas, availableReplicas);
    }
  }

  /** maxSurge and maxUnavailable resolved to pod counts. */
  public record Fenceposts(int maxSurge, int maxUnavailable) {}

  /**
   * {@code ResolveFenceposts}: percentages of {@code desired}, surge rounded up and unavailable
   * rounded down; if both come out 0, one pod may be unavailable so that the rollout can progress.
   */
  public static Fenceposts resolveFenceposts(
      IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
    int surge = scaledValue(maxSurge, desired, true);
    int unavailable = scaledValue(maxUnavailable, desired, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new Fenceposts(surge, unavailable);
  }

  /** {@code MaxUnavailable}: the resolved value, never more than the desired replicas. */
  public static int maxUnavailable(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
    if (desired == 0) {
      return 0;
    }
    return Math.min(resolveFenceposts(maxSurge, maxUnavailable, desired).maxUnavailable(), desired);
  }

  /** {@code intstr.GetScaledValueFromIntOrPercent}. */
  static int scaledValue(IntOrString value, int total, boolean roundUp) {
    if (value == null) {
      return 0;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String text = value.getStrVal();
    if (!text.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: " + text);
    }
    double scaled = Integer.parseInt(text.substring(0, text.length() - 1)) * (double) total / 100;
    return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
  }

  /**
   * {@code reconcileNewReplicaSet}: a new ReplicaSet above the desired count comes down to it; one
   * below grows by what the surge allows.
   */
  public static int reconcileNewReplicaSet(
      int desired, int maxSurge, int allSpecReplicas, int newSpecReplicas) {
    if (newSpecReplicas >= desired) {
      return desired;
    }
    return newReplicaSetReplicas(desired, maxSurge, allSpecReplicas, newSpecReplicas);
  }

  /**
   * {@code NewRSNewReplicas} for RollingUpdate: grow the new ReplicaSet by as much as the surge
   * allows, never past the desired count.
   *
   * @param allSpecReplicas the sum of spec.replicas over every ReplicaSet of the Deployment
   */
  public static int newReplicaSetReplicas(
      int desired, int maxSurge, int allSpecReplicas, int newSpecReplicas) {
    int maxTotalPods = desired + maxSurge;
    if (allSpecReplicas >= maxTotalPods) {
      return newSpecReplicas;
    }
    int scaleUpCount = Math.min(maxTotalPods - allSpecReplicas, desired - newSpecReplicas);
    return newSpecReplicas + scaleUpCount;
  }

  /**
   * {@code reconcileOldReplicaSets}: first scale down old ReplicaSets' unavailable pods ({@code
   * cleanupUnhealthyReplicas}), then available ones down to the minimum availability ({@code
   * scaleDownOldReplicaSetsForRollingUpdate}), oldest first.
   *
   * @return the old ReplicaSets with their new spec.replicas, oldest first
   */
  public static List<ReplicaSetState> scaleDownOld(
      List<ReplicaSetState> oldSets, ReplicaSetState newSet, int desired, int maxUnavailable) {
    List<ReplicaSetState> old = new ArrayList<>(oldSets);
    old.sort(Comparator.comparingLong(ReplicaSetState::age));
    int oldPods = old.stream().mapToInt(ReplicaSetState::specReplicas).sum();
    if (oldPods == 0) {
      return old;
    }
    int allPods = oldPods + newSet.specReplicas();
    int minAvailable = desired - maxUnavailable;
    int newUnavailable = newSet.specReplicas() - newSet.availableReplicas();
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return old;
    }
    cleanupUnhealthy(old, maxScaledDown);
    scaleDownAvailable(old, newSet, minAvailable);
    return old;
  }

  /** {@code cleanupUnhealthyReplicas}; returns how many pods it scaled down. */
  static int cleanupUnhealthy(List<ReplicaSetState> old, int maxCleanup) {
    int scaledDown = 0;
    for (int i = 0; i < old.size() && scaledDown < maxCleanup; i++) {
      ReplicaSetState set = old.get(i);
      int unhealthy = set.specReplicas() - set.availableReplicas();
      if (set.specReplicas() == 0 || unhealthy == 0) {
        continue;
      }
      int count = Math.min(maxCleanup - scaledDown, unhealthy);
      old.set(i, set.withSpecReplicas(set.specReplicas() - count));
      scaledDown += count;
    }
    return scaledDown;
  }

  /** {@code scaleDownOldReplicaSetsForRollingUpdate}; returns how many pods it scaled down. */
  static int scaleDownAvailable(
      List<ReplicaSetState> old, ReplicaSetState newSet, int minAvailable) {
    int available =
        newSet.availableReplicas()
            + old.stream().mapToInt(ReplicaSetState::availableReplicas).sum();
    if (available <= minAvailable) {
      return 0;
    }
    int toScaleDown = available - minAvailable;
    int scaledDown = 0;
    for (int i = 0; i < old.size() && scaledDown < toScaleDown; i++) {
      ReplicaSetState set = old.get(i);
      if (set.specReplicas() == 0) {
        continue;
      }
      int count = Math.min(set.specReplicas(), toScaleDown - scaledDown);
      old.set(i, set.withSpecReplicas(set.specReplicas() - count));
      scaledDown += count;
    }
    return scaledDown;
  }
}
