package io.scaleproof.scenarios.tune;

/**
 * The requests of each second of a twin run, and what the metric pipeline makes of them: the p95 as
 * {@code histogram_quantile} over the window's bucket counts, the error ratio and the rate, at the
 * lag of a {@link PipelineLag}. Prefix sums make each window O(buckets).
 */
final class MetricView {
  private final LatencyBuckets buckets;
  private final PipelineLag lag;
  private final double phase;
  private final double[][] counts;
  private final double[] calls;
  private final double[] errors;
  private int seconds;

  MetricView(LatencyBuckets buckets, PipelineLag lag, double phase, int capacity) {
    this.buckets = buckets;
    this.lag = lag;
    this.phase = phase;
    this.counts = new double[capacity + 1][buckets.size() + 1];
    this.calls = new double[capacity + 1];
    this.errors = new double[capacity + 1];
  }

  private MetricView(MetricView recorded, PipelineLag lag, double phase) {
    this.buckets = recorded.buckets;
    this.lag = lag;
    this.phase = phase;
    this.counts = recorded.counts;
    this.calls = recorded.calls;
    this.errors = recorded.errors;
    this.seconds = recorded.seconds;
  }

  /** The same recorded seconds, read through another pipeline (for the calibration's search). */
  MetricView through(PipelineLag other, double otherPhase) {
    return new MetricView(this, other, otherPhase);
  }

  /** A fresh count array for the next second. */
  double[] next() {
    return new double[buckets.size() + 1];
  }

  /** Records second {@code seconds()} (requests in [s, s + 1)). */
  void record(double[] secondCounts, double secondCalls, double secondErrors) {
    int s = seconds++;
    for (int b = 0; b < secondCounts.length; b++) {
      counts[s + 1][b] = counts[s][b] + secondCounts[b];
    }
    calls[s + 1] = calls[s] + secondCalls;
    errors[s + 1] = errors[s] + secondErrors;
  }

  /** The window {@code [from, to)} in whole recorded seconds that the value at {@code t} reads. */
  private int[] window(double t, boolean lagged) {
    double end = t;
    if (lagged) {
      double tick =
          Math.floor((t - phase) / lag.evaluationSeconds()) * lag.evaluationSeconds() + phase;
      end = tick - lag.lagSeconds();
    }
    int to = Math.max(0, Math.min(seconds, (int) Math.floor(end)));
    int from = Math.max(0, Math.min(to, (int) Math.ceil(end - lag.windowSeconds())));
    return new int[] {from, to};
  }

  /** The p95 at {@code t}; NaN when the window holds no request. */
  double p95(double t, boolean lagged) {
    int[] w = window(t, lagged);
    double[] sum = new double[buckets.size() + 1];
    for (int b = 0; b < sum.length; b++) {
      sum[b] = counts[w[1]][b] - counts[w[0]][b];
    }
    return buckets.quantile(0.95, sum);
  }

  /** Errors over calls at {@code t}; NaN without calls. */
  double errorRatio(double t) {
    int[] w = window(t, true);
    double c = calls[w[1]] - calls[w[0]];
    return c > 1e-9 ? (errors[w[1]] - errors[w[0]]) / c : Double.NaN;
  }

  /** Calls per second over the window at {@code t}. */
  double rate(double t) {
    int[] w = window(t, true);
    return (calls[w[1]] - calls[w[0]]) / lag.windowSeconds();
  }
}
