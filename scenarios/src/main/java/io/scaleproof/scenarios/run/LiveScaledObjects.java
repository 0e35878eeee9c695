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

/**
 * The live ScaledObjects of a scenario's services: whether they carry its pipeline changes yet, and
 * what KEDA's status says of their triggers.
 */
final class LiveScaledObjects {
  static final String API_VERSION = "keda.sh/v1alpha1";

  private LiveScaledObjects() {}

  /** Whether KEDA's Fallback condition is True on {@code scaledObject}. */
  static boolean fallbackActive(GenericKubernetesResource scaledObject) {
    if (scaledObject.get("status", "conditions") instanceof List<?> conditions) {
      return conditions.stream()
          .filter(Map.class::isInstance)
          .map(Map.class::cast)
          .anyMatch(c -> "Fallback".equals(c.get("type")) && "True".equals(c.get("status")));
    }
    return false;
  }

  /**
   * Whether KEDA reports a trigger failing: the Ready condition not True for a trigger error
   * ({@code PartialTriggerError} when some triggers fail, {@code TriggerError} when all do), or a
   * trigger {@code Failing} in {@code status.health} (which KEDA keeps when a fallback is
   * declared).
   */
  static boolean triggerFailing(GenericKubernetesResource scaledObject) {
    if (scaledObject.get("status", "conditions") instanceof List<?> conditions
        && conditions.stream()
            .filter(Map.class::isInstance)
            .map(Map.class::cast)
            .anyMatch(
                c ->
                    "Ready".equals(c.get("type"))
                        && !"True".equals(c.get("status"))
                        && String.valueOf(c.get("reason")).endsWith("TriggerError"))) {
      return true;
    }
    if (scaledObject.get("status", "health") instanceof Map<?, ?> health) {
      return health.values().stream()
          .anyMatch(h -> h instanceof Map<?, ?> metric && "Failing".equals(metric.get("status")));
    }
    return false;
  }

  static boolean carry(
      KubernetesClient client,
      Scenario scenario,
      ProjectPipeline subject,
      NamespaceMapping namespaces) {
    PipelineChanges changes = scenario.pipeline();
    for (String service : scenario.services()) {
      ScalingChain chain = subject.chain(service);
      if (!chain.byKeda()) {
        continue; // the scenario's pipeline changes edit ScaledObjects only
      }
      GenericKubernetesResource live =
          client
              .genericKubernetesResources(API_VERSION, "ScaledObject")
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
      if (changes.fallback() != null
          && !(live.get("spec", "fallback", "replicas") instanceof Number replicas
              && replicas.intValue() == changes.fallback().replicas())) {
        return false;
      }
      Map<?, ?> latency = triggerMetadata(live, chain.latency().trigger().orElseThrow().index());
      if (changes.ignoreNullValues() != null
          && !String.valueOf(changes.ignoreNullValues())
              .equals(String.valueOf(latency.get("ignoreNullValues")))) {
        return false;
      }
      if (changes.latencyQuery() != null
          && !changes.latencyQuery().equals(String.valueOf(latency.get("query")))) {
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

  /** Trigger {@code index}'s metadata, empty when there is none. */
  private static Map<?, ?> triggerMetadata(GenericKubernetesResource live, int index) {
    if (live.get("spec", "triggers") instanceof List<?> triggers
        && triggers.size() > index
        && triggers.get(index) instanceof Map<?, ?> trigger
        && trigger.get("metadata") instanceof Map<?, ?> metadata) {
      return metadata;
    }
    return Map.of();
  }

  private static boolean threshold(
      GenericKubernetesResource live, ScalingChain.Signal signal, double value) {
    Map<?, ?> metadata = triggerMetadata(live, signal.trigger().orElseThrow().index());
    try {
      return Double.parseDouble(Objects.toString(metadata.get("threshold"))) == value;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
