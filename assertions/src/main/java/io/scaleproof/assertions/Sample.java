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
 * @param clientP95Ms the 95th percentile latency the load's clients saw over the same window as
 *     {@code p95Ms}, measured where the requests were sent; null when not measured (or too few
 *     responses). The delay between the two crossing a threshold is the metric pipeline's lag.
 * @param fallback whether the ScaledObject's {@code Fallback} condition was True; null when not
 *     read (no ScaledObject, or a recorder that does not look)
 * @param scalerError whether KEDA reported a trigger of the service failing: the ScaledObject's
 *     Ready condition not True for a trigger error ({@code PartialTriggerError}, {@code
 *     TriggerError}), or a trigger {@code Failing} in its {@code status.health} (kept when a
 *     fallback is declared); null when not read
 */
public record Sample(
    Instant at,
    int replicas,
    int readyReplicas,
    Double p95Ms,
    Double errorRatio,
    Double requestsPerSecond,
    Double clientP95Ms,
    Boolean fallback,
    Boolean scalerError) {

  /** A sample without the ScaledObject's view. */
  public Sample(
      Instant at,
      int replicas,
      int readyReplicas,
      Double p95Ms,
      Double errorRatio,
      Double requestsPerSecond,
      Double clientP95Ms) {
    this(
        at, replicas, readyReplicas, p95Ms, errorRatio, requestsPerSecond, clientP95Ms, null, null);
  }

  /** A sample without the clients' view of latency. */
  public Sample(
      Instant at,
      int replicas,
      int readyReplicas,
      Double p95Ms,
      Double errorRatio,
      Double requestsPerSecond) {
    this(at, replicas, readyReplicas, p95Ms, errorRatio, requestsPerSecond, null, null, null);
  }

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
    requireNumberOrNull("clientP95Ms", clientP95Ms);
  }

  private static void requireNumberOrNull(String field, Double value) {
    if (value != null && value.isNaN()) {
      throw new IllegalArgumentException(field + ": is NaN; use null for 'no value'");
    }
  }
}
