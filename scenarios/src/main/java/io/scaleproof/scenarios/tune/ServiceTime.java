package io.scaleproof.scenarios.tune;

/**
 * How long one request keeps a worker busy: a lognormal distribution given by its mean and shape σ
 * (σ = 0 is a constant). The sample apps draw their service times this way; for a team's app it is
 * the calibrated fit, whatever the real shape is.
 *
 * <p>Convolutions with it use {@link #STRATA} equal-probability points (the medians of equal
 * strata), so that the mixture of a waiting time and a service time costs a few dozen operations.
 *
 * @param meanMs the mean service time, in milliseconds
 * @param sigma the lognormal shape; 0 for a constant
 * @param exponential exponential instead (sigma is then ignored)
 */
public record ServiceTime(double meanMs, double sigma, boolean exponential) {
  /** How many points stand for the distribution in convolutions. */
  static final int STRATA = 32;

  private static final double Z95 = 1.6448536269514722;

  /** A lognormal service time (a constant for σ = 0). */
  public ServiceTime(double meanMs, double sigma) {
    this(meanMs, sigma, false);
  }

  /** An exponential service time of mean {@code meanMs}. */
  public static ServiceTime exponential(double meanMs) {
    return new ServiceTime(meanMs, 0, true);
  }

  public ServiceTime {
    if (!(meanMs > 0) || Double.isInfinite(meanMs)) {
      throw new IllegalArgumentException("meanMs: must be positive, was " + meanMs);
    }
    if (!(sigma >= 0) || sigma > 3) {
      throw new IllegalArgumentException("sigma: must be within [0, 3], was " + sigma);
    }
  }

  /**
   * The lognormal with this mean whose 95th percentile is {@code p95Ms}: the smaller σ solving
   * {@code p95 = mean · e^(1.645σ − σ²/2)}; 0 when {@code p95Ms} is at or below the mean, and the
   * widest shape (σ = 1.645) when {@code p95Ms} is past what any lognormal of this mean reaches.
   */
  public static ServiceTime withP95(double meanMs, double p95Ms) {
    double ratio = Math.log(p95Ms / meanMs);
    if (!(ratio > 0)) {
      return new ServiceTime(meanMs, 0);
    }
    double discriminant = Z95 * Z95 - 2 * ratio;
    return new ServiceTime(meanMs, discriminant <= 0 ? Z95 : Z95 - Math.sqrt(discriminant));
  }

  /** The median: {@code mean · e^(−σ²/2)} (an exponential's: {@code mean · ln 2}). */
  public double medianMs() {
    if (exponential) {
      return meanMs * Math.log(2);
    }
    return meanMs * Math.exp(-sigma * sigma / 2);
  }

  /** The 95th percentile. */
  public double p95Ms() {
    return quantileMs(0.95);
  }

  /** The {@code q}-quantile, for 0 < q < 1. */
  public double quantileMs(double q) {
    if (exponential) {
      return -meanMs * Math.log1p(-q);
    }
    return sigma == 0 ? meanMs : medianMs() * Math.exp(sigma * Normal.inverse(q));
  }

  /**
   * The Allen–Cunneen factor {@code (1 + Cs²) / 2} by which queueing waits differ from an
   * exponential service time's: Cs² = e^(σ²) − 1 for a lognormal, 0 for a constant.
   */
  public double waitingFactor() {
    if (exponential) {
      return 1;
    }
    return (1 + Math.expm1(sigma * sigma)) / 2;
  }

  /** P(service time ≤ ms). */
  public double cdf(double ms) {
    if (ms <= 0) {
      return 0;
    }
    if (exponential) {
      return -Math.expm1(-ms / meanMs);
    }
    if (sigma == 0) {
      return ms >= meanMs ? 1 : 0;
    }
    return Normal.cdf(Math.log(ms / medianMs()) / sigma);
  }

  /** The distribution's {@link #STRATA} equal-probability points, ascending. */
  double[] strata() {
    double[] points = new double[STRATA];
    for (int i = 0; i < STRATA; i++) {
      points[i] = quantileMs((i + 0.5) / STRATA);
    }
    return points;
  }
}
