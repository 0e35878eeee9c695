package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.PlainValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ScaledObject's status as KEDA reads and writes it, what a user reads with kubectl: the
 * conditions by type in upstream's order, the fallback health, {@code lastActiveTime}, the fields
 * the reconcile writes before any poll and those each poll writes; and the write itself, skipped
 * when nothing changed.
 */
final class ScaledObjectStatus {
  static final ScaleExecutor.Condition UNKNOWN = new ScaleExecutor.Condition("Unknown", "", "");

  // Logged under KedaController's name, as the operator's log has always been.
  private static final Logger LOG = LoggerFactory.getLogger(KedaController.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final ClusterObjects cluster;

  ScaledObjectStatus(ClusterObjects cluster) {
    this.cluster = cluster;
  }

  /** The status as the ScaledObject carries it, as a map to change and write back. */
  static Map<String, Object> copy(GenericKubernetesResource so) {
    return new LinkedHashMap<>(PlainValues.map(so.get("status")));
  }

  /** The conditions of a ScaledObject's status, by type. */
  static Map<String, ScaleExecutor.Condition> conditions(GenericKubernetesResource so) {
    Map<String, ScaleExecutor.Condition> conditions = new LinkedHashMap<>();
    if (PlainValues.map(so.get("status")).get("conditions") instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> c = PlainValues.map(item);
        conditions.put(
            String.valueOf(c.get("type")),
            new ScaleExecutor.Condition(
                String.valueOf(c.get("status")),
                c.get("reason") == null ? "" : String.valueOf(c.get("reason")),
                c.get("message") == null ? "" : String.valueOf(c.get("message"))));
      }
    }
    return conditions;
  }

  /** Whether the condition of that type is there and True. */
  static boolean isTrue(Map<String, ScaleExecutor.Condition> conditions, String type) {
    return "True".equals(conditions.getOrDefault(type, UNKNOWN).status());
  }

  /**
   * The conditions in upstream's order, as {@code GetInitializedConditions} starts them (Ready,
   * Active and Fallback unknown, Paused false), with what {@code previous} already says.
   */
  static Map<String, ScaleExecutor.Condition> initialized(
      Map<String, ScaleExecutor.Condition> previous) {
    Map<String, ScaleExecutor.Condition> conditions = new LinkedHashMap<>();
    conditions.put("Ready", UNKNOWN);
    conditions.put("Active", UNKNOWN);
    conditions.put("Fallback", UNKNOWN);
    conditions.put("Paused", new ScaleExecutor.Condition("False", "", ""));
    conditions.putAll(previous);
    return conditions;
  }

  /** {@code status.health} as the ScaledObject carries it. */
  static Map<String, FallbackValue.Health> health(GenericKubernetesResource so) {
    Map<String, FallbackValue.Health> health = new TreeMap<>();
    PlainValues.map(PlainValues.map(so.get("status")).get("health"))
        .forEach(
            (metric, value) -> {
              Map<String, Object> h = PlainValues.map(value);
              health.put(
                  metric,
                  new FallbackValue.Health(
                      Integer.parseInt(String.valueOf(h.getOrDefault("numberOfFailures", 0))),
                      String.valueOf(h.getOrDefault("status", "Happy"))));
            });
    return health;
  }

  static Instant lastActiveTime(GenericKubernetesResource so) {
    Object value = PlainValues.map(so.get("status")).get("lastActiveTime");
    return value == null ? null : Instant.parse(String.valueOf(value));
  }

  /**
   * What KEDA's reconcile writes before any poll ({@code checkTargetResourceIsScalable} and {@code
   * updateStatusWithTriggersAndAuthsTypes}): the target's kind and its replicas before KEDA, the
   * triggers' types and their authentications, comma-separated as kubectl shows them.
   *
   * @param target the scale target (null when it is not there), read only when the status has no
   *     {@code originalReplicaCount} yet
   */
  static void targetAndTriggers(
      GenericKubernetesResource so, Supplier<Deployment> target, Map<String, Object> status) {
    scaleTarget(status);
    if (!status.containsKey("originalReplicaCount")) {
      Deployment deployment = target.get();
      if (deployment != null && deployment.getSpec() != null) {
        status.put(
            "originalReplicaCount",
            deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas());
      }
    }
    Set<String> types = new LinkedHashSet<>();
    Set<String> authentications = new LinkedHashSet<>();
    for (Object trigger : PlainValues.list(PlainValues.map(so.get("spec")).get("triggers"))) {
      Map<String, Object> t = PlainValues.map(trigger);
      types.add(String.valueOf(t.get("type")));
      Object authentication = PlainValues.map(t.get("authenticationRef")).get("name");
      if (authentication != null) {
        authentications.add(String.valueOf(authentication));
      }
    }
    status.put("triggersTypes", String.join(",", types));
    status.put("authenticationsTypes", String.join(",", authentications));
  }

  /** The status a poll writes: the reconcile's fields kept, the runtime's state, the conditions. */
  static Map<String, Object> afterPoll(
      ScaledObjectRuntime runtime,
      GenericKubernetesResource so,
      int current,
      Map<String, ScaleExecutor.Condition> conditions) {
    ScaledObjectSpec spec = runtime.spec;
    Map<String, Object> previous = PlainValues.map(so.get("status"));
    Map<String, Object> status = new LinkedHashMap<>();
    scaleTarget(status);
    status.put("originalReplicaCount", previous.getOrDefault("originalReplicaCount", current));
    for (String kept : List.of("triggersTypes", "authenticationsTypes")) {
      if (previous.containsKey(kept)) {
        status.put(kept, previous.get(kept));
      }
    }
    if (runtime.lastActive != null) {
      status.put("lastActiveTime", runtime.lastActive.toString());
    }
    status.put(
        "externalMetricNames",
        spec.triggers().stream().map(ScaledObjectSpec.Trigger::metricName).toList());
    status.put("hpaName", spec.hpaName());
    if (FallbackValue.valid(spec.fallback())) {
      Map<String, Object> health = new TreeMap<>();
      runtime.health.forEach(
          (metric, h) ->
              health.put(
                  metric, Map.of("numberOfFailures", h.numberOfFailures(), "status", h.status())));
      status.put("health", health);
    }
    status.put("conditions", conditionList(conditions));
    return status;
  }

  /** The scale target's kind, as KEDA writes it for a Deployment. */
  private static void scaleTarget(Map<String, Object> status) {
    status.put("scaleTargetKind", "apps/v1.Deployment");
    status.put(
        "scaleTargetGVKR",
        Map.of("group", "apps", "kind", "Deployment", "resource", "deployments", "version", "v1"));
  }

  static List<Map<String, Object>> conditionList(Map<String, ScaleExecutor.Condition> conditions) {
    List<Map<String, Object>> list = new ArrayList<>();
    conditions.forEach(
        (type, c) -> {
          Map<String, Object> condition = new LinkedHashMap<>();
          condition.put("type", type);
          condition.put("status", c.status());
          // KEDA's Condition omits an empty reason or message (omitempty).
          if (!c.reason().isEmpty()) {
            condition.put("reason", c.reason());
          }
          if (!c.message().isEmpty()) {
            condition.put("message", c.message());
          }
          list.add(condition);
        });
    return list;
  }

  /** Writes {@code status} with {@code conditions} as its conditions; see {@link #write}. */
  boolean write(
      String namespace,
      String name,
      Map<String, Object> status,
      Map<String, ScaleExecutor.Condition> conditions) {
    status.put("conditions", conditionList(conditions));
    return write(namespace, name, status);
  }

  /**
   * Writes the ScaledObject's status when it changed (an unchanged status is not written); false
   * when the ScaledObject is gone or the write failed.
   */
  boolean write(String namespace, String name, Map<String, Object> status) {
    try {
      Resource<GenericKubernetesResource> resource = cluster.scaledObjectResource(namespace, name);
      GenericKubernetesResource current = resource.get();
      if (current == null) {
        return false;
      }
      if (JSON.convertValue(status, Map.class).equals(current.get("status"))) {
        return true;
      }
      GenericKubernetesResource updated =
          resource.editStatus(
              so -> {
                so.setAdditionalProperty("status", status);
                return so;
              });
      return updated != null;
    } catch (RuntimeException e) {
      LOG.debug("status of ScaledObject {}/{} not written: {}", namespace, name, e.getMessage());
      return false;
    }
  }
}
