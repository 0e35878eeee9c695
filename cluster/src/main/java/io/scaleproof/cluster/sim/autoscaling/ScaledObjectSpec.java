package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code keda.sh/v1alpha1} ScaledObject as the emulation reads it, with KEDA's defaults
 * (pollingInterval 30 s, cooldownPeriod 300 s, minReplicaCount 0, maxReplicaCount 100, metricType
 * AverageValue, ignoreNullValues true) and its checks: a refused ScaledObject gets Ready=False with
 * reason {@code ScaledObjectCheckFailed} and the message saying which field and why.
 */
public record ScaledObjectSpec(
    String namespace,
    String name,
    String targetName,
    Duration pollingInterval,
    int cooldownPeriod,
    Integer initialCooldownPeriod,
    int minReplicaCount,
    int maxReplicaCount,
    Integer idleReplicaCount,
    Integer fallbackFailureThreshold,
    Integer fallbackReplicas,
    String hpaName,
    Map<String, Object> behavior,
    List<Trigger> triggers,
    Map<String, String> annotations,
    Instant creationTimestamp) {

  /** One Prometheus trigger: its metric name {@code s<i>-prometheus}, its target and its query. */
  public record Trigger(
      String metricName, boolean valueMetricType, PrometheusScaler.Metadata metadata) {}

  /** Why a ScaledObject is refused, as KEDA puts it in the Ready condition. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    public Invalid(String message) {
      super(message);
    }

    public String reason() {
      return "ScaledObjectCheckFailed";
    }
  }

  /** Reads and checks a ScaledObject. */
  public static ScaledObjectSpec parse(GenericKubernetesResource so) throws Invalid {
    try {
      return read(so);
    } catch (NumberFormatException e) {
      throw new Invalid("a replica count or interval is not a whole number: " + e.getMessage());
    }
  }

  /** The HPA behavior's scale-up rules with the API defaults, or null without a behavior. */
  public ScalingRules scaleUpRules() {
    return behavior == null ? null : rules(map(behavior.get("scaleUp")), true);
  }

  /** The scale-down rules; an unset window is the controller's 300 s. */
  public ScalingRules scaleDownRules() {
    return behavior == null ? null : rules(map(behavior.get("scaleDown")), false);
  }

  private static ScalingRules rules(Map<String, Object> declared, boolean up) {
    Integer window =
        declared.get("stabilizationWindowSeconds") == null
            ? null
            : Integer.parseInt(String.valueOf(declared.get("stabilizationWindowSeconds")));
    ScalingRules.SelectPolicy select =
        declared.get("selectPolicy") == null
            ? null
            : ScalingRules.SelectPolicy.valueOf(String.valueOf(declared.get("selectPolicy")));
    List<ScalingRules.Policy> policies = new ArrayList<>();
    if (declared.get("policies") instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> policy = map(item);
        policies.add(
            new ScalingRules.Policy(
                ScalingRules.PolicyType.valueOf(String.valueOf(policy.get("type"))),
                Integer.parseInt(String.valueOf(policy.get("value"))),
                Integer.parseInt(String.valueOf(policy.get("periodSeconds")))));
      }
    }
    return up
        ? ScalingRules.scaleUp(window, select, policies)
        : ScalingRules.scaleDown(window, select, policies, 300);
  }

  private static ScaledObjectSpec read(GenericKubernetesResource so) throws Invalid {
    Map<String, Object> spec = map(so.getAdditionalProperties().get("spec"));
    String target = string(map(spec.get("scaleTargetRef")).get("name"));
    if (target == null || target.isBlank()) {
      throw new Invalid("ScaledObject doesn't have correct scaleTargetRef specification");
    }
    String kind = string(map(spec.get("scaleTargetRef")).get("kind"));
    if (kind != null && !kind.equals("Deployment")) {
      throw new Invalid(
          "scaleTargetRef.kind " + kind + " is not scaled by the embedded cluster; use Deployment");
    }
    int min = integer(spec, "minReplicaCount").orElse(0);
    int max = integer(spec, "maxReplicaCount").orElse(100);
    if (min > max) {
      throw new Invalid("MinReplicaCount=" + min + " must be less than MaxReplicaCount=" + max);
    }
    Integer idle = integer(spec, "idleReplicaCount").orElse(null);
    if (idle != null && idle >= min) {
      throw new Invalid("IdleReplicaCount=" + idle + " must be less than MinReplicaCount=" + min);
    }
    Map<String, Object> fallback = map(spec.get("fallback"));
    Map<String, Object> hpaConfig =
        map(map(spec.get("advanced")).get("horizontalPodAutoscalerConfig"));
    List<Trigger> triggers = new ArrayList<>();
    List<?> declared = spec.get("triggers") instanceof List<?> l ? l : List.of();
    if (declared.isEmpty()) {
      throw new Invalid("no triggers defined in the ScaledObject/ScaledJob");
    }
    for (int i = 0; i < declared.size(); i++) {
      triggers.add(trigger(i, map(declared.get(i))));
    }
    Map<String, String> annotations =
        so.getMetadata().getAnnotations() == null ? Map.of() : so.getMetadata().getAnnotations();
    String created = so.getMetadata().getCreationTimestamp();
    return new ScaledObjectSpec(
        so.getMetadata().getNamespace(),
        so.getMetadata().getName(),
        target,
        Duration.ofSeconds(Math.max(1, integer(spec, "pollingInterval").orElse(30))),
        integer(spec, "cooldownPeriod").orElse(300),
        integer(spec, "initialCooldownPeriod").orElse(null),
        min,
        max,
        idle,
        integer(fallback, "failureThreshold").orElse(null),
        integer(fallback, "replicas").orElse(null),
        Optional.ofNullable(string(hpaConfig.get("name")))
            .orElse("keda-hpa-" + so.getMetadata().getName()),
        hpaConfig.get("behavior") == null ? null : map(hpaConfig.get("behavior")),
        triggers,
        annotations,
        created == null ? null : Instant.parse(created));
  }

  private static Trigger trigger(int index, Map<String, Object> trigger) throws Invalid {
    String type = string(trigger.get("type"));
    if (!"prometheus".equals(type)) {
      throw new Invalid(
          "error establishing scalers: no scaler found for type: "
              + type
              + " (the embedded cluster runs the prometheus scaler)");
    }
    String metricType =
        Optional.ofNullable(string(trigger.get("metricType"))).orElse("AverageValue");
    if (!metricType.equals("AverageValue") && !metricType.equals("Value")) {
      throw new Invalid(
          "triggers["
              + index
              + "].metricType: "
              + metricType
              + " is not supported by the prometheus scaler");
    }
    Map<String, Object> metadata = map(trigger.get("metadata"));
    String server = required(metadata, "serverAddress", index);
    String query = required(metadata, "query", index);
    double threshold = number(metadata, "threshold", index, null);
    double activation = number(metadata, "activationThreshold", index, 0.0);
    boolean ignoreNull =
        !"false"
            .equalsIgnoreCase(String.valueOf(metadata.getOrDefault("ignoreNullValues", "true")));
    Duration timeout =
        metadata.get("timeout") == null
            ? Duration.ofSeconds(3)
            : Duration.ofMillis((long) number(metadata, "timeout", index, null));
    return new Trigger(
        "s" + index + "-prometheus",
        metricType.equals("Value"),
        new PrometheusScaler.Metadata(
            server,
            query,
            threshold,
            activation,
            string(metadata.get("namespace")),
            pairs(string(metadata.get("queryParameters"))),
            pairs(string(metadata.get("customHeaders"))),
            ignoreNull,
            timeout));
  }

  private static String required(Map<String, Object> metadata, String key, int index)
      throws Invalid {
    String value = string(metadata.get(key));
    if (value == null || value.isBlank()) {
      throw missing(index, key);
    }
    return value;
  }

  private static double number(Map<String, Object> metadata, String key, int index, Double fallback)
      throws Invalid {
    Object value = metadata.get(key);
    if (value == null) {
      if (fallback == null) {
        throw missing(index, key);
      }
      return fallback;
    }
    try {
      return Double.parseDouble(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new Invalid(
          "error parsing prometheus metadata: triggers["
              + index
              + "].metadata."
              + key
              + ": \""
              + value
              + "\" is not a number");
    }
  }

  private static Invalid missing(int index, String key) {
    return new Invalid(
        "error parsing prometheus metadata: triggers["
            + index
            + "].metadata."
            + key
            + ": missing required parameter \""
            + key
            + "\"");
  }

  /** KEDA's map syntax for customHeaders and queryParameters: {@code k=v,k2=v2}. */
  private static Map<String, String> pairs(String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (text != null) {
      for (String pair : text.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          pairs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
      }
    }
    return pairs;
  }

  private static Optional<Integer> integer(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? Optional.empty() : Optional.of(Integer.parseInt(String.valueOf(value)));
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
