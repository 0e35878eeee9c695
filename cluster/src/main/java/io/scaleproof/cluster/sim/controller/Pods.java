package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;

/** What controllers read off a pod's status. */
public final class Pods {
  private Pods() {}

  /** Not terminating, not finished: counts toward a ReplicaSet's replicas. */
  public static boolean isActive(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getMetadata().getDeletionTimestamp() == null
        && !"Succeeded".equals(phase)
        && !"Failed".equals(phase);
  }

  public static PodCondition condition(Pod pod, String type) {
    if (pod.getStatus() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  public static boolean isReady(Pod pod) {
    PodCondition ready = condition(pod, "Ready");
    return ready != null && "True".equals(ready.getStatus());
  }

  /** When the pod last became Ready, or null if it is not Ready. */
  public static Instant readySince(Pod pod) {
    PodCondition ready = condition(pod, "Ready");
    if (ready == null || !"True".equals(ready.getStatus())) {
      return null;
    }
    return ready.getLastTransitionTime() == null
        ? Instant.EPOCH
        : Instant.parse(ready.getLastTransitionTime());
  }

  public static int restartCount(Pod pod) {
    if (pod.getStatus() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .mapToInt(ContainerStatus::getRestartCount)
        .sum();
  }
}
