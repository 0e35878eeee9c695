package io.scaleproof.assertions;

import java.util.List;
import java.util.Objects;

/**
 * One service's samples, in time order, and the p95 threshold its autoscaler scales on. Immutable:
 * the samples are copied.
 *
 * <p>A timeline may be empty (nothing was recorded); {@link ServiceFigures} then reports null for
 * everything that needs a sample.
 *
 * @param service the service's name, as the run's map keys it
 * @param p95ThresholdMs the p95 latency, in milliseconds, above which the autoscaler scales out
 * @param samples the samples, ordered by {@link Sample#at()} (equal instants are allowed)
 */
public record ServiceTimeline(String service, double p95ThresholdMs, List<Sample> samples) {

  public ServiceTimeline {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("service: is required");
    }
    if (!(p95ThresholdMs > 0) || Double.isInfinite(p95ThresholdMs)) {
      throw new IllegalArgumentException(
          "p95ThresholdMs: must be a positive number of milliseconds, was " + p95ThresholdMs);
    }
    samples = List.copyOf(Objects.requireNonNull(samples, "samples: is required"));
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i).at().isBefore(samples.get(i - 1).at())) {
        throw new IllegalArgumentException(
            String.format(
                "samples: samples[%d] at %s is before samples[%d] at %s; sort them by Sample.at",
                i, samples.get(i).at(), i - 1, samples.get(i - 1).at()));
      }
    }
  }
}
