package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.scenarios.spec.PipelineChanges;
import io.scaleproof.scenarios.spec.Scenario;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Whether the live ScaledObjects of a scenario's services carry its pipeline changes yet. */
final class LiveScaledObjects {
  private LiveScaledObjects() {}

  static boolean carry(KubernetesClient client, Scenario scenario, String namespace) {
    PipelineChanges changes = scenario.pipeline();
    for (String service : scenario.services()) {
      GenericKubernetesResource live =
          client
              .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
              .inNamespace(namespace)
              .withName(service)
              .get();
      if (live == null) {
        return false;
      }
      if (changes.p95ThresholdMs() != null
          && !threshold(live, ScaledObjectTuning.P95_TRIGGER, changes.p95ThresholdMs())) {
        return false;
      }
      if (changes.errorRatioThreshold() != null
          && !threshold(live, ScaledObjectTuning.ERROR_TRIGGER, changes.errorRatioThreshold())) {
        return false;
      }
      if (changes.maxReplicaCount() != null
          && !(live.get("spec", "maxReplicaCount") instanceof Number max
              && max.intValue() == changes.maxReplicaCount())) {
        return false;
      }
      if (changes.scaleDownStabilization() != null) {
        Object seconds =
            live.get(
                "spec",
                "advanced",
                "horizontalPodAutoscalerConfig",
                "behavior",
                "scaleDown",
                "stabilizationWindowSeconds");
        if (!(seconds instanceof Number number)
            || number.longValue() != changes.scaleDownStabilization().toSeconds()) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean threshold(GenericKubernetesResource live, String trigger, double value) {
    if (!(live.get("spec", "triggers") instanceof List<?> triggers)) {
      return false;
    }
    for (Object candidate : triggers) {
      if (candidate instanceof Map<?, ?> map
          && trigger.equals(map.get("name"))
          && map.get("metadata") instanceof Map<?, ?> metadata) {
        try {
          return Double.parseDouble(Objects.toString(metadata.get("threshold"))) == value;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
