package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.scenarios.spec.PipelineChanges;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.Scenario;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Whether the live ScaledObjects of a scenario's services carry its pipeline changes yet. */
final class LiveScaledObjects {
  private LiveScaledObjects() {}

  static boolean carry(
      KubernetesClient client,
      Scenario scenario,
      ProjectPipeline subject,
      NamespaceMapping namespaces) {
    PipelineChanges changes = scenario.pipeline();
    for (String service : scenario.services()) {
      ScalingChain chain = subject.chain(service);
      GenericKubernetesResource live =
          client
              .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
              .inNamespace(namespaces.of(chain.service().namespace()))
              .withName(chain.scaledObject())
              .get();
      if (live == null) {
        return false;
      }
      if (changes.p95ThresholdMs() != null
          && !threshold(live, chain.latency(), changes.p95ThresholdMs())) {
        return false;
      }
      if (changes.errorRatioThreshold() != null
          && !threshold(live, chain.errors().orElseThrow(), changes.errorRatioThreshold())) {
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

  private static boolean threshold(
      GenericKubernetesResource live, ScalingChain.Signal signal, double value) {
    int index = signal.trigger().orElseThrow().index();
    if (!(live.get("spec", "triggers") instanceof List<?> triggers)
        || triggers.size() <= index
        || !(triggers.get(index) instanceof Map<?, ?> trigger)
        || !(trigger.get("metadata") instanceof Map<?, ?> metadata)) {
      return false;
    }
    try {
      return Double.parseDouble(Objects.toString(metadata.get("threshold"))) == value;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
