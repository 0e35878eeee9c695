package io.scaleproof.cluster.sim.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KEDA's scale executor for a ScaledObject ({@code pkg/scaling/executor/scale_scaledobjects.go},
 * {@code RequestScale}): what KEDA itself does after each poll — activate from zero (or idle),
 * deactivate to zero (or idle) after the cooldown, lift a target below its minimum, or leave the
 * 1↔N range to the HPA — and the Ready, Active and Paused conditions and Events it writes. A pure
 * function of the ScaledObject, the current replicas and the poll's outcome, so the same code runs
 * on the embedded cluster and on a virtual clock.
 */
public final class ScaleExecutor {
  public static final String PAUSED = "autoscaling.keda.sh/paused";
  public static final String PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas";
  public static final String PAUSED_SCALE_IN = "autoscaling.keda.sh/paused-scale-in";
  public static final String PAUSED_SCALE_OUT = "autoscaling.keda.sh/paused-scale-out";
  public static final String FORCE_ACTIVATION = "autoscaling.keda.sh/force-activation";
  static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(5);

  /** The ScaledObject fields the executor reads. Nulls are absent fields. */
  public record ScaledObjectState(
      String namespace,
      String name,
      String targetKind,
      String targetName,
      Integer minReplicaCount,
      Integer idleReplicaCount,
      Integer cooldownPeriod,
      Integer initialCooldownPeriod,
      Integer fallbackReplicas,
      Map<String, String> annotations,
      Instant creationTimestamp,
      Instant lastActiveTime) {}

  /** A condition as KEDA writes it. */
  public record Condition(String status, String reason, String message) {}

  /** An Event: type (Normal or Warning), reason, message. */
  public record Event(String type, String reason, String message) {}

  /** What one RequestScale decides. */
  public record Decision(
      Optional<Integer> scaleTo,
      Map<String, Condition> conditions,
      Optional<Instant> lastActiveTime,
      Optional<Event> event) {}

  private ScaleExecutor() {}

  /**
   * @param currentReplicas the target's {@code spec.replicas}
   * @param isActive any trigger active (or fallback active)
   * @param isError any trigger failed
   */
  public static Decision requestScale(
      ScaledObjectState so,
      int currentReplicas,
      boolean isActive,
      boolean isError,
      List<String> activeTriggers,
      Instant now) {
    Map<String, Condition> conditions = new LinkedHashMap<>();
    conditions.put(
        "Ready",
        new Condition(
            "True",
            "ScaledObjectReady",
            "ScaledObject is defined correctly and is ready for scaling"));
    if (so.annotations().containsKey(PAUSED_REPLICAS) || bool(so.annotations().get(PAUSED))) {
      conditions.put(
          "Paused", new Condition("True", "ScaledObjectPaused", "ScaledObject is paused"));
      return new Decision(Optional.empty(), conditions, Optional.empty(), Optional.empty());
    }
    int minReplicas = so.minReplicaCount() == null ? 0 : so.minReplicaCount();
    boolean forced = bool(so.annotations().get(FORCE_ACTIVATION));
    Optional<Integer> scaleTo = Optional.empty();
    Optional<Instant> lastActive = Optional.empty();
    Optional<Event> event = Optional.empty();
    if (isActive || forced) {
      conditions.put(
          "Active",
          new Condition(
              "True",
              "ScalerActive",
              forced
                  ? "Scaling is performed because activation is being forced by annotation"
                  : "Scaling is performed because triggers are active"));
      if ((so.idleReplicaCount() != null && currentReplicas < minReplicas)
          || currentReplicas == 0) {
        if (!bool(so.annotations().get(PAUSED_SCALE_OUT))) {
          int replicas = minReplicas > 0 ? minReplicas : 1;
          scaleTo = Optional.of(replicas);
          lastActive = Optional.of(now);
          String message =
              forced
                  ? String.format(
                      "Scaled %s %s/%s from %d to %d, caused by forced activation annotation",
                      so.targetKind(), so.namespace(), so.targetName(), currentReplicas, replicas)
                  : String.format(
                      "Scaled %s %s/%s from %d to %d, triggered by %s",
                      so.targetKind(),
                      so.namespace(),
                      so.targetName(),
                      currentReplicas,
                      replicas,
                      String.join(";", activeTriggers));
          event = Optional.of(new Event("Normal", "KEDAScaleTargetActivated", message));
        }
      } else if (isError) {
        conditions.put(
            "Ready",
            new Condition(
                "Unknown",
                "PartialTriggerError",
                "Some triggers defined in ScaledObject are not working correctly"));
      } else {
        lastActive = Optional.of(now);
      }
    } else {
      conditions.put(
          "Active",
          new Condition(
              "False",
              "ScalerNotActive",
              "Scaling is not performed because triggers are not active"));
      if (isError && so.fallbackReplicas() != null && so.fallbackReplicas() != 0) {
        // The HPA takes the target to fallback.replicas; scaling to zero here would defeat it.
      } else if (isError && so.fallbackReplicas() == null) {
        conditions.put(
            "Ready",
            new Condition(
                "False",
                "TriggerError",
                "Triggers defined in ScaledObject are not working correctly"));
      } else if ((so.idleReplicaCount() != null && currentReplicas > so.idleReplicaCount())
          || (currentReplicas > 0 && minReplicas == 0)) {
        if (!bool(so.annotations().get(PAUSED_SCALE_IN))) {
          if (cooledDown(so, now)) {
            int replicas =
                so.idleReplicaCount() != null
                    ? so.idleReplicaCount()
                    : so.minReplicaCount() == null ? 0 : so.minReplicaCount();
            scaleTo = Optional.of(replicas);
            event =
                Optional.of(
                    new Event(
                        "Normal",
                        "KEDAScaleTargetDeactivated",
                        String.format(
                            "Deactivated %s %s/%s from %d to %d",
                            so.targetKind(),
                            so.namespace(),
                            so.targetName(),
                            currentReplicas,
                            replicas)));
          } else {
            conditions.put(
                "Active",
                new Condition(
                    "False",
                    "ScalerCooldown",
                    "Scaler cooling down because triggers are not active"));
          }
        }
      } else if (so.idleReplicaCount() == null && currentReplicas < minReplicas) {
        scaleTo = Optional.of(so.minReplicaCount());
      }
    }
    return new Decision(scaleTo, conditions, lastActive, event);
  }

  /**
   * The cooldown of {@code scaleToZeroOrIdle}: never active since creation and past the initial
   * cooldown, or last active longer ago than the cooldown; both strictly.
   */
  static boolean cooledDown(ScaledObjectState so, Instant now) {
    Duration initial =
        Duration.ofSeconds(so.initialCooldownPeriod() == null ? 0 : so.initialCooldownPeriod());
    Duration cooldown =
        so.cooldownPeriod() == null ? DEFAULT_COOLDOWN : Duration.ofSeconds(so.cooldownPeriod());
    Instant created = so.creationTimestamp() == null ? Instant.EPOCH : so.creationTimestamp();
    return so.lastActiveTime() == null
        ? created.plus(initial).isBefore(now)
        : so.lastActiveTime().plus(cooldown).isBefore(now);
  }

  /**
   * The HPAActive condition KEDA derives from the HPA's ScalingActive ({@code getHPAHealth}); empty
   * when the HPA cannot be observed or has not reported it yet.
   *
   * @param scalingActive the HPA's ScalingActive condition, if any
   */
  public static Optional<Condition> hpaHealth(Optional<Condition> scalingActive) {
    if (scalingActive.isEmpty()) {
      return Optional.empty();
    }
    Condition condition = scalingActive.get();
    if ("True".equals(condition.status())) {
      return Optional.of(new Condition("True", "HPAActive", "HPA is actively scaling"));
    }
    if ("ScalingDisabled".equals(condition.reason())) {
      return Optional.of(new Condition("True", "ScalingDisabled", condition.message()));
    }
    String reason =
        condition.reason() == null || condition.reason().isEmpty()
            ? "HPAMetricsUnavailable"
            : condition.reason();
    return Optional.of(
        new Condition(
            "False",
            reason,
            "HPA is not actively scaling: "
                + (condition.message() == null ? "" : condition.message())));
  }

  /** Go's strconv.ParseBool, where a value that does not parse counts as true, as KEDA reads it. */
  static boolean bool(String value) {
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> true;
    };
  }
}
