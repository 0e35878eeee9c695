package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a pod's status as the kubelet's status manager does: the phase, the conditions
 * (PodReadyToStartContainers, Initialized, ContainersReady, Ready, PodScheduled) with
 * lastTransitionTime moving only when a condition flips, addresses, and every container's status.
 */
final class PodStatusWriter {
  /** What the pod's worker knows at the moment of writing. */
  record Snapshot(
      Pod pod,
      String podIp,
      Instant startTime,
      boolean initialized,
      List<ContainerRunner> initContainers,
      List<ContainerRunner> containers) {}

  private final KubeletContext ctx;
  private final Map<String, PodCondition> conditions = new LinkedHashMap<>();

  PodStatusWriter(KubeletContext ctx) {
    this.ctx = ctx;
  }

  void write(Snapshot s) {
    String now = ContainerRunner.time(ctx.clock().instant());
    boolean containersReady =
        s.initialized() && s.containers().stream().allMatch(ContainerRunner::isReady);
    set("PodReadyToStartContainers", s.podIp() != null, now);
    set("Initialized", s.initialized(), now);
    set("ContainersReady", containersReady, now);
    set("Ready", containersReady, now);
    set("PodScheduled", true, now);
    PodStatus status =
        new PodStatusBuilder()
            .withPhase(phase(s))
            .withConditions(new ArrayList<>(conditions.values()))
            .withHostIP(ctx.nodeIp())
            .withHostIPs(new HostIP(ctx.nodeIp()))
            .withPodIP(ctx.podNetwork().reported(s.podIp()))
            .withPodIPs(
                s.podIp() == null
                    ? List.of()
                    : List.of(new PodIP(ctx.podNetwork().reported(s.podIp()))))
            .withStartTime(s.startTime() == null ? null : ContainerRunner.time(s.startTime()))
            .withInitContainerStatuses(
                s.initContainers().stream().map(ContainerRunner::status).toList())
            .withContainerStatuses(s.containers().stream().map(ContainerRunner::status).toList())
            .withQosClass("BestEffort")
            .build();
    try {
      Pod latest =
          ctx.client()
              .pods()
              .inNamespace(s.pod().getMetadata().getNamespace())
              .withName(s.pod().getMetadata().getName())
              .get();
      if (latest != null) {
        // The QoS class is the API server's to set at creation (a real one refuses a change).
        if (latest.getStatus() != null && latest.getStatus().getQosClass() != null) {
          status.setQosClass(latest.getStatus().getQosClass());
        }
        latest.setStatus(status);
        ctx.client().pods().resource(latest).updateStatus();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409 && e.getCode() != 0) {
        org.slf4j.LoggerFactory.getLogger(PodStatusWriter.class)
            .warn(
                "status of pod {}/{} refused: {}",
                s.pod().getMetadata().getNamespace(),
                s.pod().getMetadata().getName(),
                e.getMessage());
      }
      // The pod is gone or the cluster is closing: nothing left to report to.
    }
  }

  /**
   * Pending until initialised and a container has run; Succeeded or Failed once every container has
   * terminated for good (restartPolicy Never, or OnFailure after success); Running otherwise.
   */
  static String phase(Snapshot s) {
    List<ContainerRunner> containers = s.containers();
    if (!s.initialized() || containers.stream().noneMatch(r -> r.isRunning() || r.isTerminated())) {
      return "Pending";
    }
    boolean allTerminated = containers.stream().allMatch(ContainerRunner::isTerminated);
    boolean allSucceeded = containers.stream().allMatch(ContainerRunner::exitedOk);
    String policy = s.pod().getSpec().getRestartPolicy();
    if (allTerminated && "Never".equals(policy)) {
      return allSucceeded ? "Succeeded" : "Failed";
    }
    if (allTerminated && "OnFailure".equals(policy) && allSucceeded) {
      return "Succeeded";
    }
    return "Running";
  }

  private void set(String type, boolean value, String now) {
    String status = value ? "True" : "False";
    PodCondition current = conditions.get(type);
    if (current != null && current.getStatus().equals(status)) {
      return;
    }
    conditions.put(
        type,
        new PodConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withLastTransitionTime(now)
            .build());
  }
}
