package io.scaleproof.assertions;

import java.time.Instant;
import java.util.Objects;

/**
 * What was seen of one service at one instant of a run. Immutable.
 *
 * @param at when the sample was taken
 * @param replicas the Deployment's {@code spec.replicas}: the autoscaler's decision
 * @param readyReplicas the Deployment's {@code status.readyReplicas}
 * @param p95Ms the 95th percentile latency in milliseconds, or null when no series had a value
 * @param errorRatio failed requests over all requests (0..1), or null when no series had a value
 * @param requestsPerSecond the request rate, or null when no series had a value
 */
public record Sample(
    Instant at,
    int replicas,
    int readyReplicas,
    Double p95Ms,
    Double errorRatio,
    Double requestsPerSecond) {

  public Sample {
    Objects.requireNonNull(at, "at: is required");
    if (replicas < 0 || readyReplicas < 0) {
      throw new IllegalArgumentException(
          "replicas and readyReplicas: must not be negative, were "
              + replicas
              + " and "
              + readyReplicas);
    }
    requireNumberOrNull("p95Ms", p95Ms);
    requireNumberOrNull("errorRatio", errorRatio);
    requireNumberOrNull("requestsPerSecond", requestsPerSecond);
  }

  private static void requireNumberOrNull(String field, Double value) {
    if (value != null && value.isNaN()) {
      throw new IllegalArgumentException(field + ": is NaN; use null for 'no value'");
    }
  }
}
