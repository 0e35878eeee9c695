package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on one recorded service: the scale-up and scale-down stories, and the invariants that
 * hold over the whole run. Immutable, so a check returns this same stage and a stage may be kept
 * and asserted on again; every check runs when called and throws {@link AssertionError} naming the
 * check and the values seen, so a chain stops at the first failure.
 */
public final class ServiceAssert {

  private final Subject subject;

  ServiceAssert(Subject subject) {
    this.subject = subject;
  }

  /**
   * Starts the scale-up story at the first sample during the load whose p95 is above {@code
   * thresholdMs}. The windows of the stages that follow are all measured from this breach; {@link
   * P95BreachAssert#beyondTolerance} moves it to the first sample an HPA acts on.
   *
   * @param thresholdMs the p95 latency, in milliseconds, the autoscaler scales on
   * @throws AssertionError ("metric stage late") if p95 never exceeded it during the load
   */
  public P95BreachAssert whenP95Exceeds(double thresholdMs) {
    if (!(thresholdMs > 0) || Double.isInfinite(thresholdMs)) {
      throw new IllegalArgumentException(
          "thresholdMs: must be a positive number of milliseconds, was " + thresholdMs);
    }
    return new P95BreachAssert(
        subject, thresholdMs, subject.breach(Signal.P95, thresholdMs), Signal.P95.breach());
  }

  /**
   * Starts the scale-up story at the first sample during the load (both ends included) whose error
   * ratio is above {@code ratio}; samples without an error ratio are skipped. The windows of the
   * stages that follow are all measured from this breach ({@link
   * ErrorRatioBreachAssert#beyondTolerance} moves it to the first sample an HPA acts on). That
   * story has no recovery check: more replicas do not lower a fixed fraction of failing requests.
   *
   * @param ratio failed requests over all requests, a fraction in [0, 1) (0.05 is 5 %), that the
   *     error ratio must exceed
   * @throws AssertionError ("metric stage late") if the error ratio never exceeded it during the
   *     load
   */
  public ErrorRatioBreachAssert whenErrorRatioExceeds(double ratio) {
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException(
          "ratio: must be a fraction in [0, 1) such as 0.05 for 5 %, was " + ratio);
    }
    return new ErrorRatioBreachAssert(
        subject, ratio, subject.breach(Signal.ERROR_RATIO, ratio), Signal.ERROR_RATIO.breach());
  }

  /**
   * Starts the assertions on what the autoscaling did while the fault of {@code kind} lasted (the
   * first one the run made that concerns this service: it hit this service, or the pipeline every
   * service shares) and after it.
   *
   * @param kind the fault as the scenario names it, such as {@code prometheusDown}
   * @throws AssertionError ("fault") when the run made no such fault; the message lists those it
   *     made
   */
  public FaultAssert whileFault(String kind) {
    return subject.run().faults().stream()
        .filter(f -> f.kind().equals(kind) && f.concerns(subject.service()))
        .findFirst()
        .map(f -> new FaultAssert(subject, f))
        .orElseThrow(
            () ->
                subject.broken(
                    "fault",
                    "the run made no "
                        + kind
                        + " that concerns it; faults made: "
                        + (subject.run().faults().isEmpty()
                            ? "none"
                            : subject.run().faults().stream()
                                .map(FaultWindow::label)
                                .collect(Collectors.joining(", ")))));
  }

  /** Starts the scale-down story, measured from the instant the load stopped. */
  public LoadStoppedAssert afterLoadStops() {
    return new LoadStoppedAssert(subject);
  }

  /**
   * Checks that the replica count never reverses direction more than {@code maxDirectionChanges}
   * times within any span of {@code window} (both ends included). A reversal is a change that goes
   * the other way from the change before it: 1→2→1 reverses once.
   *
   * @throws AssertionError ("flapping") listing the replica changes of the first span that reverses
   *     too often
   */
  public ServiceAssert neverFlaps(int maxDirectionChanges, Duration window) {
    if (maxDirectionChanges < 0) {
      throw new IllegalArgumentException(
          "maxDirectionChanges: must not be negative, was " + maxDirectionChanges);
    }
    Subject.requireWindow("window", window);
    List<ReplicaChange> changes = ReplicaChange.in(subject.samples());
    List<Integer> reversals = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).reversal()) {
        reversals.add(i);
      }
    }
    int first = 0;
    for (int last = 0; last < reversals.size(); last++) {
      Instant end = changes.get(reversals.get(last)).at();
      while (Duration.between(changes.get(reversals.get(first)).at(), end).compareTo(window) > 0) {
        first++;
      }
      if (last - first + 1 > maxDirectionChanges) {
        // Show the change each reversal turned away from, so the first one reads too.
        List<ReplicaChange> shown =
            changes.subList(reversals.get(first) - 1, reversals.get(last) + 1);
        throw subject.broken(
            "flapping",
            String.format(
                "replicas reversed direction %d times within %s (at most %d allowed): %s",
                last - first + 1,
                Subject.seconds(window),
                maxDirectionChanges,
                shown.stream().map(this::describe).collect(Collectors.joining(", "))));
      }
    }
    return this;
  }

  /**
   * Checks that every error ratio recorded from the load's start to the end of the run is below
   * {@code maxRatio}; samples without a value are skipped.
   *
   * @param maxRatio failed requests over all requests, exclusive upper bound
   * @throws AssertionError ("error rate") naming the first offending sample and the peak
   */
  public ServiceAssert errorRateStaysBelow(double maxRatio) {
    if (!(maxRatio > 0)) {
      throw new IllegalArgumentException("maxRatio: must be positive, was " + maxRatio);
    }
    List<Sample> measured =
        subject.samples().stream()
            .filter(s -> !s.at().isBefore(subject.run().loadStarted()) && s.errorRatio() != null)
            .toList();
    measured.stream()
        .filter(s -> s.errorRatio() >= maxRatio)
        .findFirst()
        .ifPresent(
            offending -> {
              Sample peak =
                  measured.stream()
                      .max((a, b) -> Double.compare(a.errorRatio(), b.errorRatio()))
                      .orElseThrow();
              throw subject.broken(
                  "error rate",
                  String.format(
                      "%s at %s is not below %s; the peak was %s at %s",
                      Subject.number(offending.errorRatio()),
                      subject.moment(offending.at()),
                      Subject.number(maxRatio),
                      Subject.number(peak.errorRatio()),
                      subject.t(peak.at())));
            });
    return this;
  }

  /**
   * Checks that every sample's replica count (the autoscaler's decision) is within {@code [min,
   * max]}.
   *
   * @throws AssertionError ("replica bounds") naming the first offending sample
   */
  public ServiceAssert replicasStayWithin(int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException(
          "min and max: need 0 <= min <= max, were " + min + " and " + max);
    }
    subject.samples().stream()
        .filter(s -> s.replicas() < min || s.replicas() > max)
        .findFirst()
        .ifPresent(
            offending -> {
              throw subject.broken(
                  "replica bounds",
                  String.format(
                      "%d replicas at %s is outside [%d, %d]",
                      offending.replicas(), subject.moment(offending.at()), min, max));
            });
    return this;
  }

  /** The service's figures, measured against the threshold its timeline records. */
  public ServiceFigures figures() {
    return ServiceFigures.of(
        subject.timeline(), subject.run().loadStarted(), subject.run().loadStopped());
  }

  private String describe(ReplicaChange change) {
    return subject.t(change.at())
        + " "
        + change.from()
        + "→"
        + change.to()
        + (change.reversal() ? " (reversal)" : "");
  }
}
