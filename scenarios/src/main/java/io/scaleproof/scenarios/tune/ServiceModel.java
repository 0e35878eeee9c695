package io.scaleproof.scenarios.tune;

/**
 * Everything the twin knows of one service besides its autoscaler: the app as a queue, the errors
 * it answers anyway, the metric pipeline's window and lag, the span metrics' buckets, and how long
 * its pods took from the scale decision to Ready.
 *
 * @param app the calibrated queue
 * @param errorRate the fraction of served requests that fail (a scenario's injected fault)
 * @param lag the metric pipeline's window and lag
 * @param buckets the latency histogram's buckets that the p95 rule reads
 * @param podStartSeconds the observed delays from a scale decision to a Ready pod
 */
public record ServiceModel(
    AppModel app,
    double errorRate,
    PipelineLag lag,
    LatencyBuckets buckets,
    double[] podStartSeconds) {
  public ServiceModel {
    podStartSeconds = podStartSeconds.clone();
  }

  /** The median delay from a scale decision to a Ready pod. */
  public double medianPodStartSeconds() {
    double[] sorted = podStartSeconds.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
