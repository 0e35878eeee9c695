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
 */
public record PipelineChanges(
    Double p95ThresholdMs,
    Double errorRatioThreshold,
    Duration scaleDownStabilization,
    Integer maxReplicaCount,
    Duration pollingInterval) {
  public static final PipelineChanges NONE = new PipelineChanges(null, null, null, null, null);

  /** The changes without a polling interval, as most scenarios make them. */
  public PipelineChanges(
      Double p95ThresholdMs,
      Double errorRatioThreshold,
      Duration scaleDownStabilization,
      Integer maxReplicaCount) {
    this(p95ThresholdMs, errorRatioThreshold, scaleDownStabilization, maxReplicaCount, null);
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  public PipelineChanges withP95ThresholdMs(double thresholdMs) {
    return new PipelineChanges(
        thresholdMs, errorRatioThreshold, scaleDownStabilization, maxReplicaCount, pollingInterval);
  }

  public PipelineChanges withErrorRatioThreshold(double threshold) {
    return new PipelineChanges(
        p95ThresholdMs, threshold, scaleDownStabilization, maxReplicaCount, pollingInterval);
  }

  public PipelineChanges withScaleDownStabilization(Duration window) {
    return new PipelineChanges(
        p95ThresholdMs, errorRatioThreshold, window, maxReplicaCount, pollingInterval);
  }

  public PipelineChanges withMaxReplicaCount(int max) {
    return new PipelineChanges(
        p95ThresholdMs, errorRatioThreshold, scaleDownStabilization, max, pollingInterval);
  }

  public PipelineChanges withPollingInterval(Duration interval) {
    return new PipelineChanges(
        p95ThresholdMs, errorRatioThreshold, scaleDownStabilization, maxReplicaCount, interval);
  }
}
