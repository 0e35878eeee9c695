package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HPA controller's sync loop over each ScaledObject's generated HPA: a sync one period after
 * the HPA appears, then one period after each sync ends, as the controller's work queue adds the
 * key back ({@link Timeline#afterEach}). Each sync reads the target, asks KEDA's metrics path for
 * each external metric (a live query, or the poll's record under {@code useCachedMetrics}), lets
 * {@link HpaSync} decide, scales, and writes the HPA's status and Events in upstream's wording.
 * Owns what the controller holds in memory per HPA, kept across ScaledObject updates.
 */
final class HpaSyncLoop {
  /** What the HPA controller holds in memory for one HPA. */
  private static final class HpaLoop {
    final HpaSync sync = new HpaSync();
    Timeline.Periodic loop;
  }

  private final Timeline timeline;
  private final Duration syncPeriod;
  private final EventRecorder events;
  private final KedaMetrics metrics;
  private final ClusterObjects cluster;
  private final GeneratedHpaWriter hpaWriter;
  private final TriggerEvaluator evaluator;
  private final KedaPollLoop keda;
  private final Map<String, HpaLoop> hpas = new HashMap<>();

  /**
   * @param keda whose runtime for a ScaledObject the metric requests read
   */
  HpaSyncLoop(
      Timeline timeline,
      Duration syncPeriod,
      EventRecorder events,
      KedaMetrics metrics,
      ClusterObjects cluster,
      GeneratedHpaWriter hpaWriter,
      TriggerEvaluator evaluator,
      KedaPollLoop keda) {
    this.timeline = timeline;
    this.syncPeriod = syncPeriod;
    this.events = events;
    this.metrics = metrics;
    this.cluster = cluster;
    this.hpaWriter = hpaWriter;
    this.evaluator = evaluator;
    this.keda = keda;
  }

  /** Starts syncing the ScaledObject's HPA one period from now, unless it is synced already. */
  void startIfAbsent(String key) {
    hpas.computeIfAbsent(
        key,
        k -> {
          HpaLoop hpa = new HpaLoop();
          hpa.loop = timeline.afterEach(syncPeriod, syncPeriod, () -> sync(k));
          return hpa;
        });
  }

  /** Stops syncing the ScaledObject's HPA and forgets its memory. */
  void stop(String key) {
    HpaLoop hpa = hpas.remove(key);
    if (hpa != null) {
      hpa.loop.close();
    }
  }

  void stopAll() {
    hpas.values().forEach(h -> h.loop.close());
  }

  /** The HPA controller's reconcile for the generated HPA: {@link HpaSync} decides. */
  private void sync(String key) {
    ScaledObjectRuntime runtime = keda.runtime(key);
    HpaLoop hpaLoop = hpas.get(key);
    if (runtime == null || hpaLoop == null) {
      return;
    }
    ScaledObjectSpec spec = runtime.spec;
    Instant now = timeline.now();
    Deployment target = cluster.deployment(spec);
    if (target == null) {
      return;
    }
    int current = Optional.ofNullable(target.getSpec().getReplicas()).orElse(1);
    int statusReplicas =
        target.getStatus() == null || target.getStatus().getReplicas() == null
            ? 0
            : target.getStatus().getReplicas();
    List<Pod> pods = current == 0 ? List.of() : cluster.pods(target);
    int ready = ClusterObjects.ready(pods);
    HpaSync.Decision decision =
        hpaLoop.sync.decide(
            new HpaSync.Target(current, statusReplicas, pods.size(), ready),
            spec.minReplicaCount(),
            spec.maxReplicaCount(),
            spec.scaleUpRules(),
            spec.scaleDownRules(),
            () -> readings(runtime, current, target),
            now);
    List<MetricStatus> metricStatuses = new ArrayList<>();
    for (int i = 0; i < decision.proposals().size(); i++) {
      ExternalMetricReplicas.Proposal proposal = decision.proposals().get(i);
      if (proposal != null) {
        metricStatuses.add(
            GeneratedHpa.metricStatus(spec, spec.triggers().get(i), proposal.reportedMilli()));
      }
    }
    List<HorizontalPodAutoscalerCondition> conditions = new ArrayList<>();
    HorizontalPodAutoscalerCondition ableToScale =
        GeneratedHpa.condition(
            "AbleToScale",
            "True",
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale");
    int desired = decision.desired();
    switch (decision.kind()) {
      case SCALING_DISABLED -> {
        conditions.add(ableToScale);
        conditions.add(
            scalingInactive(
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero"));
        hpaWriter.writeStatus(spec, current, current, metricStatuses, conditions, null);
      }
      case METRICS_FAILED -> {
        conditions.add(ableToScale);
        conditions.add(
            scalingInactive(
                "FailedGetExternalMetric",
                "the HPA was unable to compute the replica count: " + decision.lastError()));
        hpaWriter.writeStatus(spec, current, current, metricStatuses, conditions, null);
      }
      case ABOVE_MAX, BELOW_MIN -> {
        conditions.add(ableToScale);
        rescale(
            spec,
            hpaLoop.sync,
            current,
            desired,
            desired > current
                ? "Current number of replicas below Spec.MinReplicas"
                : "Current number of replicas above Spec.MaxReplicas",
            metricStatuses,
            conditions,
            now);
      }
      case COMPUTED -> {
        HpaRecommender.Decision normalized = decision.normalized();
        String bestMetric = GeneratedHpa.description(spec, spec.triggers().get(decision.best()));
        conditions.add(
            GeneratedHpa.condition(
                "AbleToScale",
                "True",
                normalized.ableToScaleReason(),
                normalized.ableToScaleMessage()));
        conditions.add(
            GeneratedHpa.condition(
                "ScalingActive",
                "True",
                "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + bestMetric));
        conditions.add(
            GeneratedHpa.condition(
                "ScalingLimited",
                normalized.limited() ? "True" : "False",
                normalized.limitReason(),
                normalized.limitMessage()));
        if (desired != current) {
          String reason =
              desired > current ? bestMetric + " above target" : "All metrics below target";
          rescale(spec, hpaLoop.sync, current, desired, reason, metricStatuses, conditions, now);
        } else {
          hpaWriter.writeStatus(spec, current, desired, metricStatuses, conditions, null);
        }
      }
    }
  }

  /** ScalingActive False: the sync leaves the target as it is. */
  private static HorizontalPodAutoscalerCondition scalingInactive(String reason, String message) {
    return GeneratedHpa.condition("ScalingActive", "False", reason, message);
  }

  /** Each trigger's metric through KEDA's metrics path, as the HPA reads it. */
  private List<HpaSync.Reading> readings(
      ScaledObjectRuntime runtime, int current, Deployment target) {
    ScaledObjectSpec spec = runtime.spec;
    List<HpaSync.Reading> readings = new ArrayList<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      ScaledObjectSpec.Trigger trigger = spec.triggers().get(i);
      ScaledObjectRuntime.Cached cached =
          trigger.useCachedMetrics() ? runtime.cache.get(trigger.metricName()) : null;
      TriggerEvaluator.Evaluation evaluation =
          evaluator.evaluate(runtime, i, cached, current, target);
      FallbackValue.Outcome outcome = evaluation.outcome();
      metrics.evaluated(spec, i, evaluation.latencySeconds(), outcome, null);
      readings.add(
          outcome.failed()
              ? HpaSync.Reading.failed(
                  GeneratedHpa.externalMetricError(
                      spec, trigger, "metric:" + trigger.metricName() + " encountered error"))
              : HpaSync.Reading.ofMilli(
                  outcome.milli(), trigger.metadata().threshold(), trigger.valueMetricType()));
    }
    return readings;
  }

  /** Scales the target, records the scale event for the behavior's policies, tells the user. */
  private void rescale(
      ScaledObjectSpec spec,
      HpaSync sync,
      int current,
      int desired,
      String reason,
      List<MetricStatus> metricStatuses,
      List<HorizontalPodAutoscalerCondition> conditions,
      Instant now) {
    cluster.scale(spec, desired);
    sync.rescaled(spec.scaleUpRules(), spec.scaleDownRules(), current, desired, now);
    HorizontalPodAutoscaler hpa = cluster.hpa(spec);
    if (hpa != null) {
      events.normal(
          hpa,
          "horizontal-pod-autoscaler",
          "SuccessfulRescale",
          "New size: " + desired + "; reason: " + reason);
    }
    // Set on every rescale (HPAScaleToZero, on by default since 1.36): True only for a scale to
    // zero an HPA with minReplicas 0 and object or external metrics may make.
    Integer min = hpa == null ? null : hpa.getSpec().getMinReplicas();
    boolean toZero = current > 0 && desired == 0 && min != null && min == 0;
    conditions.add(
        toZero
            ? GeneratedHpa.condition(
                GeneratedHpaWriter.SCALED_TO_ZERO,
                "True",
                "ScaledToZero",
                "the HPA controller scaled the workload to zero")
            : GeneratedHpa.condition(
                GeneratedHpaWriter.SCALED_TO_ZERO,
                "False",
                "NotScaledToZero",
                "the HPA controller did not scale the workload to zero"));
    hpaWriter.writeStatus(spec, current, desired, metricStatuses, conditions, now);
  }
}
