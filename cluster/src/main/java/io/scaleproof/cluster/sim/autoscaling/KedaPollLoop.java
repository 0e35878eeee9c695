package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * KEDA's poll loop, one per ScaledObject (upstream's scale handler, {@code startScaleLoop}): first
 * poll at once, then every {@code pollingInterval}; each poll evaluates every trigger through
 * {@link TriggerEvaluator}, then {@link ScaleExecutor} decides (RequestScale), and the
 * ScaledObject's status and Events say what happened. Owns what KEDA holds in memory per
 * ScaledObject, the {@link ScaledObjectRuntime}, as the scale handler owns its loops and caches:
 * the reconcile replaces and stops it, the HPA's metric requests read it.
 */
final class KedaPollLoop {
  private final Timeline timeline;
  private final EventRecorder events;
  private final KedaMetrics metrics;
  private final ClusterObjects cluster;
  private final ScaledObjectStatus status;
  private final TriggerEvaluator evaluator;
  private final Map<String, ScaledObjectRuntime> runtimes = new HashMap<>();

  KedaPollLoop(
      Timeline timeline,
      EventRecorder events,
      KedaMetrics metrics,
      ClusterObjects cluster,
      ScaledObjectStatus status,
      TriggerEvaluator evaluator) {
    this.timeline = timeline;
    this.events = events;
    this.metrics = metrics;
    this.cluster = cluster;
    this.status = status;
    this.evaluator = evaluator;
  }

  /**
   * The ScaledObject's runtime, or null when KEDA holds none (never reconciled, paused, refused).
   */
  ScaledObjectRuntime runtime(String key) {
    return runtimes.get(key);
  }

  /**
   * Stops the ScaledObject's runtime, if any, and holds a new one for {@code spec}, not polling.
   */
  ScaledObjectRuntime replace(String key, ScaledObjectSpec spec, GenericKubernetesResource so) {
    ScaledObjectRuntime current = runtimes.get(key);
    if (current != null) {
      current.stop();
    }
    ScaledObjectRuntime runtime = new ScaledObjectRuntime(spec, so);
    runtimes.put(key, runtime);
    return runtime;
  }

  /** Starts polling: now, then every {@code pollingInterval}. */
  void start(ScaledObjectRuntime runtime) {
    runtime.pollDue = timeline.now();
    runtime.poll =
        timeline.every(Duration.ZERO, runtime.spec.pollingInterval(), () -> poll(runtime));
  }

  /** Stops and forgets the ScaledObject's runtime; false when there was none. */
  boolean stop(String key) {
    ScaledObjectRuntime runtime = runtimes.remove(key);
    if (runtime == null) {
      return false;
    }
    runtime.stop();
    return true;
  }

  void stopAll() {
    runtimes.values().forEach(ScaledObjectRuntime::stop);
  }

  /** KEDA's poll: every trigger, then RequestScale, then the status. */
  private void poll(ScaledObjectRuntime runtime) {
    ScaledObjectSpec spec = runtime.spec;
    Instant now = timeline.now();
    metrics.pollStarted(spec, Math.max(0, Duration.between(runtime.pollDue, now).toMillis()) / 1e3);
    runtime.pollDue = runtime.pollDue.plus(spec.pollingInterval());
    GenericKubernetesResource so = cluster.scaledObject(spec);
    Deployment target = cluster.deployment(spec);
    if (so == null) {
      return;
    }
    Map<String, ScaleExecutor.Condition> conditions =
        ScaledObjectStatus.initialized(ScaledObjectStatus.conditions(so));
    if (target == null) {
      conditions.put(
          "Ready",
          new ScaleExecutor.Condition(
              "False",
              "ErrorGettingCurrentReplicas",
              "Error getting current replicas count for ScaleTarget: deployments.apps \""
                  + spec.targetName()
                  + "\" not found"));
      status.write(spec.namespace(), spec.name(), ScaledObjectStatus.copy(so), conditions);
      return;
    }
    int current = Optional.ofNullable(target.getSpec().getReplicas()).orElse(1);
    TriggerActivity activity = new TriggerActivity();
    boolean fallbackActive = false;
    for (int i = 0; i < spec.triggers().size(); i++) {
      ScaledObjectSpec.Trigger trigger = spec.triggers().get(i);
      TriggerEvaluator.Evaluation evaluation =
          evaluator.evaluate(runtime, i, null, current, target);
      FallbackValue.Outcome outcome = evaluation.outcome();
      boolean triggerActive =
          activity.add(
              trigger.metricName(),
              outcome.failed(),
              outcome.fallbackActive(),
              evaluation.raw(),
              trigger.metadata().activationThreshold());
      metrics.evaluated(spec, i, evaluation.latencySeconds(), outcome, triggerActive);
      if (trigger.useCachedMetrics()) {
        runtime.cache.put(
            trigger.metricName(), new ScaledObjectRuntime.Cached(outcome, triggerActive));
      }
      if (outcome.failed()) {
        metrics.pollFailed(spec);
        events.warning(so, KedaController.OPERATOR, "KEDAScalerFailed", outcome.error());
      }
      fallbackActive |= outcome.fallbackActive();
    }
    if (fallbackActive != runtime.fallbackActive) {
      events.normal(
          so,
          KedaController.OPERATOR,
          fallbackActive ? "ScaledObjectFallbackActivated" : "ScaledObjectFallbackDeactivated",
          fallbackActive
              ? "ScaledObject fallback is active"
              : "ScaledObject fallback is no longer active");
      runtime.fallbackActive = fallbackActive;
    }
    ScaleExecutor.ScaledObjectState state =
        new ScaleExecutor.ScaledObjectState(
            spec.namespace(),
            spec.name(),
            "apps/v1.Deployment",
            spec.targetName(),
            spec.minReplicaCount(),
            spec.idleReplicaCount(),
            spec.cooldownPeriod(),
            spec.initialCooldownPeriod(),
            spec.fallback() == null ? null : spec.fallback().replicas(),
            spec.annotations(),
            spec.creationTimestamp(),
            runtime.lastActive);
    ScaleExecutor.Decision decision =
        ScaleExecutor.requestScale(
            state, current, activity.active(), activity.failed(), activity.activeTriggers(), now);
    decision.lastActiveTime().ifPresent(t -> runtime.lastActive = t);
    decision.scaleTo().ifPresent(replicas -> cluster.scale(spec, replicas));
    conditions.putAll(decision.conditions());
    conditions.put(
        "Fallback",
        FallbackValue.valid(spec.fallback())
            ? FallbackValue.condition(spec.fallback(), runtime.health)
            : FallbackValue.condition(null, Map.of()));
    hpaActiveCondition(spec).ifPresent(c -> conditions.put("HPAActive", c));
    status.write(
        spec.namespace(),
        spec.name(),
        ScaledObjectStatus.afterPoll(runtime, so, current, conditions));
    decision
        .event()
        .ifPresent(e -> events.normal(so, KedaController.OPERATOR, e.reason(), e.message()));
  }

  /** KEDA's HPAActive, from the generated HPA's ScalingActive ({@code getHPAHealth}). */
  private Optional<ScaleExecutor.Condition> hpaActiveCondition(ScaledObjectSpec spec) {
    HorizontalPodAutoscaler hpa = cluster.hpa(spec);
    if (hpa == null || hpa.getStatus() == null || hpa.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return ScaleExecutor.hpaHealth(
        hpa.getStatus().getConditions().stream()
            .filter(c -> "ScalingActive".equals(c.getType()))
            .findFirst()
            .map(c -> new ScaleExecutor.Condition(c.getStatus(), c.getReason(), c.getMessage())));
  }
}
