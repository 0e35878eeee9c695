package io.scaleproof.scenarios.tune;

import java.util.Arrays;

/**
 * The upper bounds of a latency histogram's buckets, in milliseconds, ascending, with the implicit
 * {@code +Inf} bucket after them: the span-metrics connector's explicit buckets for what the
 * autoscaler sees, or a fine grid for what the clients see. {@link #quantile} is Prometheus's
 * {@code histogram_quantile}.
 */
public final class LatencyBuckets {
  /** The span-metrics connector's default buckets (its README), for a pipeline that sets none. */
  public static final LatencyBuckets SPAN_METRICS_DEFAULT =
      new LatencyBuckets(
          new double[] {
            2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000
          });

  /** 66 bounds from 1 ms to 120 s, 19.5 % apart: the clients' view, interpolated inside them. */
  public static final LatencyBuckets FINE = fine();

  private final double[] bounds;

  public LatencyBuckets(double[] bounds) {
    if (bounds.length == 0) {
      throw new IllegalArgumentException("bounds: at least one bucket is needed");
    }
    for (int i = 0; i < bounds.length; i++) {
      if (!(bounds[i] > 0) || (i > 0 && bounds[i] <= bounds[i - 1])) {
        throw new IllegalArgumentException(
            "bounds: must be positive and ascending, were " + Arrays.toString(bounds));
      }
    }
    this.bounds = bounds.clone();
  }

  private static LatencyBuckets fine() {
    double[] bounds = new double[66];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = Math.pow(10, i / 13.0);
    }
    return new LatencyBuckets(bounds);
  }

  /** How many finite buckets; count arrays have one more, for {@code +Inf}. */
  public int size() {
    return bounds.length;
  }

  public double bound(int i) {
    return bounds[i];
  }

  /**
   * Prometheus's {@code histogram_quantile(q, ...)} over non-cumulative counts ({@code size() + 1}
   * of them, the last for {@code +Inf}): the rank's bucket, linear inside it, the first bucket
   * starting at 0; a rank in {@code +Inf} gives the highest finite bound. NaN without a count.
   */
  public double quantile(double q, double[] counts) {
    double total = 0;
    for (double count : counts) {
      total += count;
    }
    if (!(total > 0)) {
      return Double.NaN;
    }
    double rank = q * total;
    double below = 0;
    for (int i = 0; i < bounds.length; i++) {
      double cumulative = below + counts[i];
      if (cumulative >= rank && counts[i] > 0) {
        double start = i == 0 ? 0 : bounds[i - 1];
        return start + (bounds[i] - start) * (rank - below) / counts[i];
      }
      below = cumulative;
    }
    return bounds[bounds.length - 1];
  }
}
