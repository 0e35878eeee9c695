package io.scaleproof.cluster.sim.autoscaling;

import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@code keda.sh/v1alpha1} ScaledObject as the emulation reads it, with KEDA's defaults
 * (pollingInterval 30 s, cooldownPeriod 300 s, minReplicaCount 0, maxReplicaCount 100, metricType
 * AverageValue, ignoreNullValues true, fallback behavior static) and its checks in the controller's
 * order: the scale target, the replica bounds, the triggers, then the scalers' metadata. A refused
 * ScaledObject gets Ready=False with reason {@code ScaledObjectCheckFailed} and upstream's message,
 * {@code "<what failed>: <why>"}.
 *
 * <p>Larger than 300 lines because it is KEDA's checks of one ScaledObject in the controller's
 * order (target, bounds, triggers, fallback, behavior), each refusal with upstream's message, and
 * the defaults the rest of the emulation reads; the trigger metadata and the behavior's rules are
 * read elsewhere.
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
    Fallback fallback,
    String hpaName,
    Map<String, Object> behavior,
    List<Trigger> triggers,
    Map<String, String> annotations,
    Instant creationTimestamp) {

  static final String SCALE_TARGET_ERROR =
      "ScaledObject doesn't have correct scaleTargetRef specification";
  static final String BOUNDS_ERROR =
      "ScaledObject doesn't have correct Idle/Min/Max Replica Counts specification";
  static final String TRIGGERS_ERROR = "ScaledObject doesn't have correct triggers specification";
  static final String HPA_ERROR = "failed to ensure HPA is correctly created for ScaledObject";
  static final String FALLBACK_ERROR = "ScaledObject doesn't have correct fallback specification";

  /**
   * One Prometheus trigger: its metric name {@code s<i>-prometheus}, its optional {@code name}, its
   * target and its query.
   */
  public record Trigger(
      String metricName,
      String name,
      boolean valueMetricType,
      boolean useCachedMetrics,
      PrometheusScaler.Metadata metadata) {

    /** The {@code scaler} label of KEDA's metrics: the trigger's name, else the scaler's type. */
    public String scalerLabel() {
      return name == null || name.isEmpty() ? "prometheusScaler" : name;
    }
  }

  /** {@code spec.fallback}: after more than {@code failureThreshold} failures, serve a value. */
  public record Fallback(int failureThreshold, int replicas, String behavior) {}

  /**
   * Why a ScaledObject is refused: what failed ({@link #context}), and why. {@code scalerFailed}
   * when a scaler could not be built, for which KEDA first records a {@code KEDAScalerFailed} Event
   * with the scaler's own error.
   */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final String context;
    private final String error;
    private final boolean scalerFailed;

    Invalid(String context, String error, boolean scalerFailed) {
      super(context + ": " + error);
      this.context = context;
      this.error = error;
      this.scalerFailed = scalerFailed;
    }

    public Invalid(String context, String error) {
      this(context, error, false);
    }

    public String reason() {
      return "ScaledObjectCheckFailed";
    }

    public String context() {
      return context;
    }

    /** The error without its context: the text of the {@code KEDAScalerFailed} Event. */
    public String error() {
      return error;
    }

    public boolean scalerFailed() {
      return scalerFailed;
    }
  }

  /** Reads and checks a ScaledObject whose target is known to exist. */
  public static ScaledObjectSpec parse(GenericKubernetesResource so) throws Invalid {
    return parse(so, target -> true);
  }

  /**
   * Reads and checks a ScaledObject.
   *
   * @param deploymentExists whether a Deployment of that name exists in the ScaledObject's
   *     namespace
   */
  public static ScaledObjectSpec parse(
      GenericKubernetesResource so, Predicate<String> deploymentExists) throws Invalid {
    try {
      return read(so, deploymentExists);
    } catch (NumberFormatException e) {
      throw new Invalid(
          BOUNDS_ERROR, "a replica count or interval is not a whole number: " + e.getMessage());
    }
  }

  /**
   * The full pause ({@code NeedToBePausedByAnnotation}): {@code paused-replicas} present, whatever
   * its value, or {@code paused} true. Read before any other check, as upstream does.
   */
  public static boolean pausedByAnnotation(GenericKubernetesResource so) {
    Map<String, String> annotations = so.getMetadata().getAnnotations();
    return annotations != null
        && (annotations.containsKey(ScaleExecutor.PAUSED_REPLICAS)
            || ScaleExecutor.bool(annotations.get(ScaleExecutor.PAUSED)));
  }

  /** The generated HPA's name, read without the other checks. */
  public static String hpaName(GenericKubernetesResource so) {
    Map<String, Object> hpaConfig =
        map(
            map(map(so.getAdditionalProperties().get("spec")).get("advanced"))
                .get("horizontalPodAutoscalerConfig"));
    return Optional.ofNullable(string(hpaConfig.get("name")))
        .orElse("keda-hpa-" + so.getMetadata().getName());
  }

  /** {@code spec.scaleTargetRef.name}, read without the other checks; may be null. */
  public static String targetName(GenericKubernetesResource so) {
    return string(
        map(map(so.getAdditionalProperties().get("spec")).get("scaleTargetRef")).get("name"));
  }

  /** The trigger types, read without the other checks, for KEDA's registration metrics. */
  public static List<String> triggerTypes(GenericKubernetesResource so) {
    List<?> triggers =
        map(so.getAdditionalProperties().get("spec")).get("triggers") instanceof List<?> l
            ? l
            : List.of();
    return triggers.stream().map(t -> String.valueOf(map(t).get("type"))).toList();
  }

  /** Whether scale-in or scale-out alone is paused. */
  public boolean pausedInOneDirection() {
    return ScaleExecutor.bool(annotations.get(ScaleExecutor.PAUSED_SCALE_IN))
        || ScaleExecutor.bool(annotations.get(ScaleExecutor.PAUSED_SCALE_OUT));
  }

  /**
   * The generated HPA's behavior ({@code newHPAForScaledObject}): the declared one, with {@code
   * selectPolicy: Disabled} on scale-down under {@code paused-scale-in} and on scale-up under
   * {@code paused-scale-out}; null when neither is declared.
   */
  public Map<String, Object> hpaBehavior() {
    boolean in = ScaleExecutor.bool(annotations.get(ScaleExecutor.PAUSED_SCALE_IN));
    boolean out = ScaleExecutor.bool(annotations.get(ScaleExecutor.PAUSED_SCALE_OUT));
    if (!in && !out) {
      return behavior;
    }
    Map<String, Object> result = new LinkedHashMap<>(behavior == null ? Map.of() : behavior);
    if (in) {
      Map<String, Object> down = new LinkedHashMap<>(map(result.get("scaleDown")));
      down.put("selectPolicy", "Disabled");
      result.put("scaleDown", down);
    }
    if (out) {
      Map<String, Object> up = new LinkedHashMap<>(map(result.get("scaleUp")));
      up.put("selectPolicy", "Disabled");
      result.put("scaleUp", up);
    }
    return result;
  }

  /** The HPA behavior's scale-up rules with the API defaults, or null without a behavior. */
  public ScalingRules scaleUpRules() {
    Map<String, Object> behavior = hpaBehavior();
    return behavior == null ? null : ScalingRules.declared(map(behavior.get("scaleUp")), true);
  }

  /** The scale-down rules; an unset window is the controller's 300 s. */
  public ScalingRules scaleDownRules() {
    Map<String, Object> behavior = hpaBehavior();
    return behavior == null ? null : ScalingRules.declared(map(behavior.get("scaleDown")), false);
  }

  private static ScaledObjectSpec read(
      GenericKubernetesResource so, Predicate<String> deploymentExists) throws Invalid {
    Map<String, Object> spec = map(so.getAdditionalProperties().get("spec"));
    String target = string(map(spec.get("scaleTargetRef")).get("name"));
    if (target == null || target.isBlank()) {
      throw new Invalid(SCALE_TARGET_ERROR, "ScaledObject.spec.scaleTargetRef.name is missing");
    }
    String kind = string(map(spec.get("scaleTargetRef")).get("kind"));
    if (kind != null && !kind.equals("Deployment")) {
      throw new Invalid(
          SCALE_TARGET_ERROR,
          "scaleTargetRef.kind " + kind + " is not scaled by the embedded cluster; use Deployment");
    }
    if (!deploymentExists.test(target)) {
      throw new Invalid(SCALE_TARGET_ERROR, "deployments.apps \"" + target + "\" not found");
    }
    // CheckReplicaCountBoundsAreValid: an unset minimum is 0, a set one is at least 1.
    Integer declaredMin = integer(spec, "minReplicaCount").orElse(null);
    int min = declaredMin == null ? 0 : declaredMin;
    int boundsMin = declaredMin == null ? 0 : Math.max(declaredMin, 1);
    int max = integer(spec, "maxReplicaCount").orElse(100);
    if (boundsMin > max) {
      throw new Invalid(
          BOUNDS_ERROR,
          "MinReplicaCount=" + boundsMin + " must be less than MaxReplicaCount=" + max);
    }
    Integer idle = integer(spec, "idleReplicaCount").orElse(null);
    if (idle != null && idle >= boundsMin) {
      throw new Invalid(
          BOUNDS_ERROR,
          "IdleReplicaCount=" + idle + " must be less than MinReplicaCount=" + boundsMin);
    }
    List<?> declared = spec.get("triggers") instanceof List<?> l ? l : List.of();
    if (declared.isEmpty()) {
      throw new Invalid(TRIGGERS_ERROR, "no triggers defined in the ScaledObject/ScaledJob");
    }
    Set<String> names = new HashSet<>();
    for (Object item : declared) {
      String name = string(map(item).get("name"));
      if (name != null && !name.isEmpty() && !names.add(name)) {
        throw new Invalid(
            TRIGGERS_ERROR,
            "triggerName \""
                + name
                + "\" is defined multiple times in the ScaledObject/ScaledJob, but it must be"
                + " unique");
      }
    }
    if (!map(map(spec.get("advanced")).get("scalingModifiers")).isEmpty()) {
      throw new Invalid(
          HPA_ERROR, "advanced.scalingModifiers is not emulated by the embedded cluster");
    }
    Fallback fallback = fallback(map(spec.get("fallback")));
    Map<String, Object> hpaConfig =
        map(map(spec.get("advanced")).get("horizontalPodAutoscalerConfig"));
    List<Trigger> triggers = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      triggers.add(TriggerMetadata.read(i, map(declared.get(i))));
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
        fallback,
        hpaName(so),
        hpaConfig.get("behavior") == null ? null : map(hpaConfig.get("behavior")),
        triggers,
        annotations,
        created == null ? null : Instant.parse(created));
  }

  /**
   * {@code spec.fallback}, checked as KEDA's CRD schema and admission webhook check it before the
   * controller sees it ({@code CheckFallbackValid}); the embedded cluster has no admission, so the
   * controller refuses it instead.
   */
  private static Fallback fallback(Map<String, Object> fallback) throws Invalid {
    if (fallback.isEmpty()) {
      return null;
    }
    int threshold = integer(fallback, "failureThreshold").orElse(0);
    int replicas = integer(fallback, "replicas").orElse(0);
    if (threshold < 0 || replicas < 0) {
      throw new Invalid(
          FALLBACK_ERROR,
          "FailureThreshold="
              + threshold
              + " & Replicas="
              + replicas
              + " must both be greater than or equal to 0");
    }
    String behavior = Optional.ofNullable(string(fallback.get("behavior"))).orElse("static");
    if (!FallbackValue.BEHAVIORS.contains(behavior)) {
      throw new Invalid(
          FALLBACK_ERROR,
          "fallback.behavior: Unsupported value: \""
              + behavior
              + "\": supported values: "
              + String.join(
                  ", ", FallbackValue.BEHAVIORS.stream().map(b -> "\"" + b + "\"").toList()));
    }
    if (behavior.equals("scalingModifiers")) {
      throw new Invalid(
          FALLBACK_ERROR,
          "scalingModifiers fallback behavior requires scalingModifiers.formula to be defined");
    }
    return new Fallback(threshold, replicas, behavior);
  }

  private static Optional<Integer> integer(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? Optional.empty() : Optional.of(Integer.parseInt(String.valueOf(value)));
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
