package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The figures of one service's run: how fast it scaled, recovered and scaled back, and what it
 * cost. Immutable. A nullable component is null when the thing it measures never happened (or the
 * timeline is empty); durations are in seconds, exact to the millisecond.
 *
 * @param threshold the p95 threshold, in milliseconds, the figures are measured against
 * @param peakP95 the highest p95 seen, in milliseconds
 * @param initialReplicas the replicas of the last sample at or before the load started, else of the
 *     first sample
 * @param peakReplicas the highest replica count seen
 * @param finalReplicas the replicas of the last sample
 * @param firstBreach the first sample during the load with a p95 above the threshold
 * @param firstScaleUp the first sample from the load's start whose replicas exceed the initial
 *     count
 * @param timeToScaleUpSeconds {@code firstScaleUp - firstBreach}; negative when the autoscaler
 *     scaled before latency breached (for instance on another trigger)
 * @param scaledUpReady the first sample from the scale-up on that is scaled up with every wanted
 *     pod ready
 * @param recovered the first sample from {@code scaledUpReady} on with a p95 at or below the
 *     threshold
 * @param timeToRecoverySeconds {@code recovered - firstBreach}
 * @param scaledDown the first sample from the load's stop on whose replicas are back at the initial
 *     count
 * @param timeToScaleDownSeconds {@code scaledDown - loadStopped}
 * @param directionChanges how often the replica count reversed direction (1→2→3→2: once; 1→2→1→2:
 *     twice)
 * @param replicaSeconds the replica count integrated over the timeline: each sample's replicas
 *     times the time to the next sample
 * @param sloViolationSeconds the time, by the same rule, during which p95 was above the threshold
 * @param peakErrorRatio the highest error ratio seen
 * @param peakRequestsPerSecond the highest request rate seen
 * @param clientBreach the first sample during the load whose clients' p95 was above the threshold:
 *     when users felt the breach; null when the clients' view was not measured or never breached
 * @param metricLagSeconds {@code firstBreach - clientBreach}: how long the breach took to show in
 *     the p95 metric (the span metrics' flush, the scrape, the rule's evaluation)
 * @param toleranceBreach the first sample during the load with a p95 above the threshold by more
 *     than the HPA's default tolerance ({@link ScalingAssertions#HPA_TOLERANCE}): the first the HPA
 *     acts on
 * @param withinToleranceSeconds {@code toleranceBreach - firstBreach}: how long p95 was past the
 *     threshold but inside the band where the HPA does nothing
 */
public record ServiceFigures(
    double threshold,
    Double peakP95,
    Integer initialReplicas,
    Integer peakReplicas,
    Integer finalReplicas,
    Instant firstBreach,
    Instant firstScaleUp,
    Double timeToScaleUpSeconds,
    Instant scaledUpReady,
    Instant recovered,
    Double timeToRecoverySeconds,
    Instant scaledDown,
    Double timeToScaleDownSeconds,
    int directionChanges,
    double replicaSeconds,
    double sloViolationSeconds,
    Double peakErrorRatio,
    Double peakRequestsPerSecond,
    Instant clientBreach,
    Double metricLagSeconds,
    Instant toleranceBreach,
    Double withinToleranceSeconds) {

  /** Computes the figures of a timeline against its own p95 threshold. */
  public static ServiceFigures of(
      ServiceTimeline timeline, Instant loadStarted, Instant loadStopped) {
    List<Sample> samples = timeline.samples();
    double threshold = timeline.p95ThresholdMs();
    Episode episode = new Episode(samples, loadStarted, loadStopped);

    Optional<Integer> initial = episode.initial().map(Sample::replicas);
    Instant breach = episode.breach(Signal.P95, threshold).map(Sample::at).orElse(null);
    Instant clientBreach =
        episode.breach(Signal.CLIENT_P95, threshold).map(Sample::at).orElse(null);
    Instant toleranceBreach =
        episode
            .breach(Signal.P95, threshold * (1 + ScalingAssertions.HPA_TOLERANCE))
            .map(Sample::at)
            .orElse(null);
    Optional<Sample> scaleUp = initial.flatMap(n -> episode.scaledUp(loadStarted, n));
    Optional<Sample> ready = scaleUp.flatMap(up -> episode.ready(up.at(), initial.get()));
    Optional<Sample> recovered = ready.flatMap(r -> episode.recovered(r.at(), threshold));
    Optional<Sample> scaledDown = initial.flatMap(episode::scaledDown);

    double replicaSeconds = 0;
    double sloViolationSeconds = 0;
    for (int i = 0; i + 1 < samples.size(); i++) {
      Sample sample = samples.get(i);
      double interval = seconds(sample.at(), samples.get(i + 1).at());
      replicaSeconds += sample.replicas() * interval;
      if (sample.p95Ms() != null && sample.p95Ms() > threshold) {
        sloViolationSeconds += interval;
      }
    }

    Instant firstScaleUp = instant(scaleUp);
    Instant recoveredAt = instant(recovered);
    Instant scaledDownAt = instant(scaledDown);
    return new ServiceFigures(
        threshold,
        peak(samples, Sample::p95Ms),
        initial.orElse(null),
        samples.stream().map(Sample::replicas).max(Integer::compare).orElse(null),
        samples.isEmpty() ? null : samples.get(samples.size() - 1).replicas(),
        breach,
        firstScaleUp,
        secondsOrNull(breach, firstScaleUp),
        instant(ready),
        recoveredAt,
        secondsOrNull(breach, recoveredAt),
        scaledDownAt,
        secondsOrNull(loadStopped, scaledDownAt),
        (int) ReplicaChange.in(samples).stream().filter(ReplicaChange::reversal).count(),
        replicaSeconds,
        sloViolationSeconds,
        peak(samples, Sample::errorRatio),
        peak(samples, Sample::requestsPerSecond),
        clientBreach,
        secondsOrNull(clientBreach, breach),
        toleranceBreach,
        secondsOrNull(breach, toleranceBreach));
  }

  private static Double peak(List<Sample> samples, Function<Sample, Double> metric) {
    return samples.stream().map(metric).filter(v -> v != null).max(Double::compare).orElse(null);
  }

  private static Instant instant(Optional<Sample> sample) {
    return sample.map(Sample::at).orElse(null);
  }

  private static Double secondsOrNull(Instant from, Instant to) {
    return from == null || to == null ? null : seconds(from, to);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
