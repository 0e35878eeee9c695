package io.scaleproof.scenarios.spec;

import java.time.Duration;

/**
 * Changes a scenario makes to each of its services' ScaledObjects, committed to the run's Git
 * repository before the load (as a team tunes a threshold), and synced by Argo CD. A null field
 * leaves the declared value alone.
 *
 * @param p95ThresholdMs the {@code p95-latency} trigger's threshold, in milliseconds
 * @param errorRatioThreshold the {@code error-ratio} trigger's threshold, a fraction
 * @param scaleDownStabilization the HPA's scale-down stabilization window
 * @param maxReplicaCount the ScaledObjects' {@code maxReplicaCount}
 * @param pollingInterval the ScaledObjects' {@code pollingInterval}, whole seconds
 * @param fallback the ScaledObjects' {@code fallback}: the replicas KEDA reports when a trigger has
 *     failed {@code failureThreshold} times in a row
 * @param ignoreNullValues the latency trigger's {@code ignoreNullValues}: whether an empty answer
 *     reads as 0 (true, KEDA's default) or fails the trigger (false)
 * @param latencyQuery the latency trigger's PromQL, which the run then also samples
 */
public record PipelineChanges(
    Double p95ThresholdMs,
    Double errorRatioThreshold,
    Duration scaleDownStabilization,
    Integer maxReplicaCount,
    Duration pollingInterval,
    Fallback fallback,
    Boolean ignoreNullValues,
    String latencyQuery) {
  public static final PipelineChanges NONE =
      new PipelineChanges(null, null, null, null, null, null, null, null);

  /**
   * KEDA's {@code spec.fallback}.
   *
   * @param behavior {@code static} (KEDA's default: the fallback's replicas), {@code
   *     currentReplicas}, {@code currentReplicasIfHigher} or {@code currentReplicasIfLower}; null
   *     leaves it out
   */
  public record Fallback(int failureThreshold, int replicas, String behavior) {
    public static final java.util.List<String> BEHAVIORS =
        java.util.List.of(
            "static", "currentReplicas", "currentReplicasIfHigher", "currentReplicasIfLower");

    public Fallback(int failureThreshold, int replicas) {
      this(failureThreshold, replicas, null);
    }
  }

  /** The changes to the thresholds, the scale-down window, the cap and the polling interval. */
  public PipelineChanges(
      Double p95ThresholdMs,
      Double errorRatioThreshold,
      Duration scaleDownStabilization,
      Integer maxReplicaCount,
      Duration pollingInterval) {
    this(
        p95ThresholdMs,
        errorRatioThreshold,
        scaleDownStabilization,
        maxReplicaCount,
        pollingInterval,
        null,
        null,
        null);
  }

  /** The changes without a polling interval, as most scenarios make them. */
  public PipelineChanges(
      Double p95ThresholdMs,
      Double errorRatioThreshold,
      Duration scaleDownStabilization,
      Integer maxReplicaCount) {
    this(
        p95ThresholdMs,
        errorRatioThreshold,
        scaleDownStabilization,
        maxReplicaCount,
        null,
        null,
        null,
        null);
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  public PipelineChanges withP95ThresholdMs(double thresholdMs) {
    return new PipelineChanges(
        thresholdMs,
        errorRatioThreshold,
        scaleDownStabilization,
        maxReplicaCount,
        pollingInterval,
        fallback,
        ignoreNullValues,
        latencyQuery);
  }

  public PipelineChanges withErrorRatioThreshold(double threshold) {
    return new PipelineChanges(
        p95ThresholdMs,
        threshold,
        scaleDownStabilization,
        maxReplicaCount,
        pollingInterval,
        fallback,
        ignoreNullValues,
        latencyQuery);
  }

  public PipelineChanges withScaleDownStabilization(Duration window) {
    return new PipelineChanges(
        p95ThresholdMs,
        errorRatioThreshold,
        window,
        maxReplicaCount,
        pollingInterval,
        fallback,
        ignoreNullValues,
        latencyQuery);
  }

  public PipelineChanges withMaxReplicaCount(int max) {
    return new PipelineChanges(
        p95ThresholdMs,
        errorRatioThreshold,
        scaleDownStabilization,
        max,
        pollingInterval,
        fallback,
        ignoreNullValues,
        latencyQuery);
  }

  public PipelineChanges withPollingInterval(Duration interval) {
    return new PipelineChanges(
        p95ThresholdMs,
        errorRatioThreshold,
        scaleDownStabilization,
        maxReplicaCount,
        interval,
        fallback,
        ignoreNullValues,
        latencyQuery);
  }
}
