package io.scaleproof.cluster.sim.autoscaling;

import static io.scaleproof.cluster.sim.autoscaling.KedaController.OPERATOR;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.Timeline;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA's ScaledObject controller ({@code scaledobject_controller.go}), one reconcile per change on
 * the {@link Timeline}: checks in upstream's order; a valid ScaledObject gets its generated HPA
 * {@code keda-hpa-<name>}, the HPA's sync loop, its status and a fresh {@link KedaPollLoop} runtime
 * when its spec changed; the pause annotations stop the loops and may scale the target to a count;
 * a refused ScaledObject is retried with controller-runtime's back-off; a deleted one is forgotten.
 */
final class ScaledObjectReconciler {
  // Logged under KedaController's name, as the operator's log has always been.
  private static final Logger LOG = LoggerFactory.getLogger(KedaController.class);
  private static final String READY_MESSAGE =
      "ScaledObject is defined correctly and is ready for scaling";

  /** controller-runtime's per-item back-off: 5 ms doubling up to 1000 s. */
  private static final Duration RETRY_BASE = Duration.ofMillis(5);

  private static final Duration RETRY_MAX = Duration.ofSeconds(1000);

  private final Timeline timeline;
  private final EventRecorder events;
  private final KedaMetrics metrics;
  private final ClusterObjects cluster;
  private final ScaledObjectStatus status;
  private final GeneratedHpaWriter hpaWriter;
  private final KedaPollLoop pollLoop;
  private final HpaSyncLoop hpaSyncLoop;

  /** The reconciles that failed in a row, by ScaledObject, for the back-off. */
  private final Map<String, Integer> retries = new HashMap<>();

  ScaledObjectReconciler(
      Timeline timeline,
      EventRecorder events,
      KedaMetrics metrics,
      ClusterObjects cluster,
      ScaledObjectStatus status,
      GeneratedHpaWriter hpaWriter,
      KedaPollLoop pollLoop,
      HpaSyncLoop hpaSyncLoop) {
    this.timeline = timeline;
    this.events = events;
    this.metrics = metrics;
    this.cluster = cluster;
    this.status = status;
    this.hpaWriter = hpaWriter;
    this.pollLoop = pollLoop;
    this.hpaSyncLoop = hpaSyncLoop;
  }

  /** The controller's reconcile, on the timeline. */
  void reconcile(GenericKubernetesResource so) {
    String key = key(so);
    metrics.registered(
        so.getMetadata().getNamespace(),
        so.getMetadata().getName(),
        ScaledObjectSpec.triggerTypes(so));
    if (ScaledObjectSpec.pausedByAnnotation(so)) {
      pause(so);
      return;
    }
    ScaledObjectSpec spec;
    try {
      spec =
          ScaledObjectSpec.parse(
              so, target -> cluster.deployment(so.getMetadata().getNamespace(), target) != null);
    } catch (ScaledObjectSpec.Invalid invalid) {
      refuse(so, invalid);
      return;
    }
    retries.remove(key);
    Map<String, ScaleExecutor.Condition> previous = ScaledObjectStatus.conditions(so);
    boolean wasPaused = ScaledObjectStatus.isTrue(previous, "Paused");
    boolean unpausing = wasPaused && !spec.pausedInOneDirection();
    ScaledObjectRuntime current = pollLoop.runtime(key);
    if (current != null && current.spec.equals(spec) && !unpausing) {
      return;
    }
    metrics.reconciled(spec);
    ScaledObjectRuntime runtime = pollLoop.replace(key, spec, so);
    // KEDA starts the scale loop once per object and builds each trigger's scaler again for a
    // changed spec (pkg/scaling/scale_handler.go, scalers_builder.go), with an Event each.
    if (current == null) {
      events.normal(so, OPERATOR, "KEDAScalersStarted", "Started scalers watch");
    }
    for (int i = 0; i < spec.triggers().size(); i++) {
      events.normal(so, OPERATOR, "KEDAScalersStarted", "Scaler prometheus is built");
    }
    hpaWriter.write(spec, so);
    hpaSyncLoop.startIfAbsent(key);

    Map<String, Object> newStatus = ScaledObjectStatus.copy(so);
    ScaledObjectStatus.targetAndTriggers(so, () -> cluster.deployment(spec), newStatus);
    Map<String, ScaleExecutor.Condition> conditions = ScaledObjectStatus.initialized(previous);
    if (!ScaledObjectStatus.isTrue(previous, "Ready")) {
      events.normal(so, OPERATOR, "ScaledObjectReady", "ScaledObject is ready for scaling");
    }
    conditions.put(
        "Ready", new ScaleExecutor.Condition("True", "ScaledObjectReady", READY_MESSAGE));
    if (!FallbackValue.valid(spec.fallback())) {
      conditions.put("Fallback", FallbackValue.condition(spec.fallback(), Map.of()));
    }
    if (spec.pausedInOneDirection()) {
      if (!wasPaused) {
        events.normal(so, OPERATOR, "ScaledObjectPaused", "ScaledObject is paused");
      }
      conditions.put("Paused", pausedCondition());
    } else if (unpausing) {
      String message = "pause annotation removed for ScaledObject";
      events.normal(so, OPERATOR, "ScaledObjectUnpaused", message);
      conditions.put(
          "Paused", new ScaleExecutor.Condition("False", "ScaledObjectUnpaused", message));
      newStatus.remove("pausedReplicaCount");
    }
    metrics.paused(spec.namespace(), spec.name(), spec.pausedInOneDirection());
    status.write(spec.namespace(), spec.name(), newStatus, conditions);

    pollLoop.start(runtime);
  }

  /**
   * {@code paused} or {@code paused-replicas}: the loop stops, the HPA goes, the target is scaled
   * to the paused count if one is given; nothing else of the ScaledObject is checked.
   */
  private void pause(GenericKubernetesResource so) {
    String key = key(so);
    String namespace = so.getMetadata().getNamespace();
    String name = so.getMetadata().getName();
    if (pollLoop.stop(key)) {
      events.normal(so, OPERATOR, "KEDAScalersStopped", "Stopped scalers watch");
    }
    hpaSyncLoop.stop(key);
    hpaWriter.delete(so);
    metrics.paused(namespace, name, true);

    Map<String, ScaleExecutor.Condition> previous = ScaledObjectStatus.conditions(so);
    Map<String, ScaleExecutor.Condition> conditions = ScaledObjectStatus.initialized(previous);
    Map<String, Object> newStatus = ScaledObjectStatus.copy(so);
    if (!ScaledObjectStatus.isTrue(previous, "Paused")) {
      events.normal(so, OPERATOR, "ScaledObjectPaused", "ScaledObject is paused");
    }
    conditions.put("Paused", pausedCondition());
    String paused = so.getMetadata().getAnnotations().get(ScaleExecutor.PAUSED_REPLICAS);
    if (paused != null) {
      try {
        int replicas = pausedReplicas(paused, namespace, ScaledObjectSpec.targetName(so));
        newStatus.put("pausedReplicaCount", replicas);
      } catch (ScaledObjectSpec.Invalid invalid) {
        failedCheck(conditions, invalid);
        status.write(namespace, name, newStatus, conditions);
        events.warning(so, OPERATOR, invalid.reason(), invalid.getMessage());
        retry(so);
        return;
      }
    }
    retries.remove(key);
    conditions.put(
        "Ready",
        new ScaleExecutor.Condition("True", "ScaledObjectReady", "ScaledObject is paused"));
    status.write(namespace, name, newStatus, conditions);
  }

  private static ScaleExecutor.Condition pausedCondition() {
    return new ScaleExecutor.Condition("True", "ScaledObjectPaused", "ScaledObject is paused");
  }

  /** {@code scaleTargetToPausedCount}: parses the count and scales the target to it. */
  private int pausedReplicas(String value, String namespace, String target)
      throws ScaledObjectSpec.Invalid {
    String context = "failed to scale target to paused replica count";
    int replicas;
    try {
      replicas = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ScaledObjectSpec.Invalid(
          context,
          "failed to parse paused replica count: strconv.ParseInt: parsing \""
              + value
              + "\": "
              + (value.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax"));
    }
    Deployment deployment = target == null ? null : cluster.deployment(namespace, target);
    if (deployment == null) {
      throw new ScaledObjectSpec.Invalid(
          context,
          "failed to get scale for target resource: deployments.apps \"" + target + "\" not found");
    }
    if (!Objects.equals(deployment.getSpec().getReplicas(), replicas)) {
      cluster.scale(namespace, target, replicas);
    }
    return replicas;
  }

  /**
   * A ScaledObject that fails a check: Ready=False with the reason and message, Active unknown, the
   * Events ({@code KEDAScalerFailed} first when a scaler could not be built), no loop — and a retry
   * with back-off, as controller-runtime requeues a reconcile that returned an error.
   */
  private void refuse(GenericKubernetesResource so, ScaledObjectSpec.Invalid invalid) {
    String key = key(so);
    pollLoop.stop(key);
    Map<String, ScaleExecutor.Condition> conditions =
        ScaledObjectStatus.initialized(ScaledObjectStatus.conditions(so));
    failedCheck(conditions, invalid);
    if (PlainValues.map(so.get("spec")).get("fallback") == null) {
      conditions.put("Fallback", FallbackValue.condition(null, Map.of()));
    }
    if (!status.write(
        so.getMetadata().getNamespace(),
        so.getMetadata().getName(),
        ScaledObjectStatus.copy(so),
        conditions)) {
      return;
    }
    if (invalid.scalerFailed()) {
      events.warning(so, OPERATOR, "KEDAScalerFailed", invalid.error());
    }
    events.warning(so, OPERATOR, invalid.reason(), invalid.getMessage());
    if (!retries.containsKey(key)) {
      LOG.warn("ScaledObject {}: {}", key, invalid.getMessage());
    }
    retry(so);
  }

  /** A failed check's conditions: Ready False with its reason and message, Active unknown. */
  private static void failedCheck(
      Map<String, ScaleExecutor.Condition> conditions, ScaledObjectSpec.Invalid invalid) {
    conditions.put(
        "Ready", new ScaleExecutor.Condition("False", invalid.reason(), invalid.getMessage()));
    conditions.put(
        "Active",
        new ScaleExecutor.Condition("Unknown", "UnknownState", "ScaledObject check failed"));
  }

  /** Requeues the ScaledObject after 5 ms × 2^(failures − 1), at most 1000 s. */
  private void retry(GenericKubernetesResource so) {
    String key = key(so);
    int failures = retries.merge(key, 1, Integer::sum);
    Duration delay = RETRY_BASE.multipliedBy(1L << Math.min(failures - 1, 30));
    if (delay.compareTo(RETRY_MAX) > 0) {
      delay = RETRY_MAX;
    }
    timeline.schedule(
        delay,
        () -> {
          if (!Objects.equals(retries.get(key), failures)) {
            return; // Reconciled again meanwhile.
          }
          GenericKubernetesResource fresh =
              cluster.scaledObject(so.getMetadata().getNamespace(), so.getMetadata().getName());
          if (fresh != null) {
            reconcile(fresh);
          }
        });
  }

  /** The ScaledObject was deleted: its loops stop and KEDA forgets it. */
  void forget(GenericKubernetesResource so) {
    String key = key(so);
    pollLoop.stop(key);
    hpaSyncLoop.stop(key);
    retries.remove(key);
    metrics.unregistered(so.getMetadata().getNamespace(), so.getMetadata().getName());
  }

  private static String key(GenericKubernetesResource so) {
    return so.getMetadata().getNamespace() + "/" + so.getMetadata().getName();
  }
}
