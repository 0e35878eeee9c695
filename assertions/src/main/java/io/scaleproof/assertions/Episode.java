package io.scaleproof.assertions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the moments of one scaling episode in a service's samples: the breach (of p95 or another
 * {@link Signal}), the scale-up decision, the pods becoming ready, the recovery and the scale-down.
 * {@link ServiceFigures} and the assertion stages both ask it, so a figure and the check on it
 * cannot disagree.
 */
record Episode(List<Sample> samples, Instant loadStarted, Instant loadStopped) {

  /** The last sample at or before the load started, else the first sample; empty if none. */
  Optional<Sample> initial() {
    Sample initial = samples.isEmpty() ? null : samples.get(0);
    for (Sample sample : samples) {
      if (sample.at().isAfter(loadStarted)) {
        break;
      }
      initial = sample;
    }
    return Optional.ofNullable(initial);
  }

  /** The first sample during the load (both ends included) whose signal is above the threshold. */
  Optional<Sample> breach(Signal signal, double threshold) {
    return first(
        loadStarted,
        sample ->
            !sample.at().isAfter(loadStopped)
                && signal.of(sample) != null
                && signal.of(sample) > threshold);
  }

  /** The first sample from {@code from} on whose replicas exceed the initial count. */
  Optional<Sample> scaledUp(Instant from, int initialReplicas) {
    return first(from, sample -> sample.replicas() > initialReplicas);
  }

  /** The first sample from {@code from} on that is scaled up and has every wanted pod ready. */
  Optional<Sample> ready(Instant from, int initialReplicas) {
    return first(
        from,
        sample ->
            sample.replicas() > initialReplicas && sample.readyReplicas() >= sample.replicas());
  }

  /** The first sample from {@code from} on with a p95 at or below the threshold. */
  Optional<Sample> recovered(Instant from, double thresholdMs) {
    return first(from, sample -> sample.p95Ms() != null && sample.p95Ms() <= thresholdMs);
  }

  /** The first sample from the load's stop on whose replicas are back at the initial count. */
  Optional<Sample> scaledDown(int initialReplicas) {
    return first(loadStopped, sample -> sample.replicas() <= initialReplicas);
  }

  /** The sample with the highest signal during the load; empty if none was recorded then. */
  Optional<Sample> peakDuringLoad(Signal signal) {
    Sample peak = null;
    for (Sample sample : samples) {
      boolean duringLoad = !sample.at().isBefore(loadStarted) && !sample.at().isAfter(loadStopped);
      Double value = signal.of(sample);
      if (duringLoad && value != null && (peak == null || value > signal.of(peak))) {
        peak = sample;
      }
    }
    return Optional.ofNullable(peak);
  }

  private Optional<Sample> first(Instant from, Predicate<Sample> condition) {
    return samples.stream()
        .filter(sample -> !sample.at().isBefore(from))
        .filter(condition)
        .findFirst();
  }
}
