package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.Timeline;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The writes to a ScaledObject's generated HPA: KEDA creates it, updates its spec when the
 * ScaledObject changes it, and deletes it on pause; the HPA controller writes its status after each
 * sync, a condition keeping its {@code lastTransitionTime} while its status holds.
 */
final class GeneratedHpaWriter {
  private final KubernetesClient client;
  private final ClusterObjects cluster;
  private final Timeline timeline;

  GeneratedHpaWriter(KubernetesClient client, ClusterObjects cluster, Timeline timeline) {
    this.client = client;
    this.cluster = cluster;
    this.timeline = timeline;
  }

  /** Creates the generated HPA, or updates its spec when the ScaledObject changed it. */
  void write(ScaledObjectSpec spec, GenericKubernetesResource so) {
    HorizontalPodAutoscaler built = GeneratedHpa.of(spec, so.getMetadata().getUid());
    HorizontalPodAutoscaler existing = cluster.hpa(spec);
    if (existing == null) {
      client.resource(built).create();
    } else if (!built.getSpec().equals(existing.getSpec())
        || !Objects.equals(
            built.getMetadata().getAnnotations(), existing.getMetadata().getAnnotations())) {
      existing.setSpec(built.getSpec());
      existing.getMetadata().setAnnotations(built.getMetadata().getAnnotations());
      client.resource(existing).update();
    }
  }

  /** Deletes the ScaledObject's generated HPA. */
  void delete(GenericKubernetesResource so) {
    cluster.hpaResource(so.getMetadata().getNamespace(), ScaledObjectSpec.hpaName(so)).delete();
  }

  /** The condition the HPA controller sets at each rescale and keeps between them. */
  static final String SCALED_TO_ZERO = "ScaledToZero";

  /**
   * Writes the HPA's status when it changed (no write, no watch event otherwise).
   *
   * @param scaled when the sync rescaled the target, or null to keep {@code lastScaleTime}
   */
  void writeStatus(
      ScaledObjectSpec spec,
      int current,
      int desired,
      List<MetricStatus> metrics,
      List<HorizontalPodAutoscalerCondition> conditions,
      Instant scaled) {
    HorizontalPodAutoscaler hpa = cluster.hpa(spec);
    if (hpa == null) {
      return;
    }
    String now = timeline.now().toString();
    conditions = new java.util.ArrayList<>(conditions);
    if (conditions.stream().noneMatch(c -> SCALED_TO_ZERO.equals(c.getType()))
        && hpa.getStatus() != null
        && hpa.getStatus().getConditions() != null) {
      // Upstream sets it only at a rescale and leaves it in place between them.
      hpa.getStatus().getConditions().stream()
          .filter(c -> SCALED_TO_ZERO.equals(c.getType()))
          .findFirst()
          .ifPresent(conditions::add);
    }
    for (HorizontalPodAutoscalerCondition condition : conditions) {
      String previous =
          hpa.getStatus() == null || hpa.getStatus().getConditions() == null
              ? null
              : hpa.getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals(condition.getType()))
                  .filter(c -> c.getStatus().equals(condition.getStatus()))
                  .map(HorizontalPodAutoscalerCondition::getLastTransitionTime)
                  .findFirst()
                  .orElse(null);
      condition.setLastTransitionTime(previous == null ? now : previous);
    }
    String lastScale =
        scaled != null
            ? scaled.toString()
            : hpa.getStatus() == null ? null : hpa.getStatus().getLastScaleTime();
    HorizontalPodAutoscalerStatus status =
        new HorizontalPodAutoscalerStatusBuilder()
            .withCurrentReplicas(current)
            .withDesiredReplicas(desired)
            .withCurrentMetrics(metrics)
            .withConditions(conditions)
            .withLastScaleTime(lastScale)
            .build();
    if (status.equals(hpa.getStatus())) {
      return; // Unchanged: no write, no watch event.
    }
    cluster
        .hpaResource(spec.namespace(), spec.hpaName())
        .edit(
            h -> {
              h.setStatus(status);
              return h;
            });
  }
}
