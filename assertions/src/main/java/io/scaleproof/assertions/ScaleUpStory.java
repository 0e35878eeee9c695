package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks every scale-up story offers, whichever {@link Signal} breached its threshold: the
 * decision and the pods becoming ready, each within a window <b>measured from the breach</b>, and
 * the way on to the scale-down story and the invariants. Immutable: the checks return this same
 * stage, typed as the story {@code S} that extends this class, so it may be kept and asserted on
 * again.
 *
 * @param <S> the public stage that extends this class
 */
abstract class ScaleUpStory<S extends ScaleUpStory<S>> {

  final Subject subject;
  private final Signal signal;
  final Sample breach;
  private final String breachName;
  private final int initialReplicas;
  private final Sample decision;

  /**
   * Starts the story at the breach, once the autoscaler decided to scale up at all: at the breach
   * or after it, the replicas rose above the count the load started with.
   *
   * @throws AssertionError ("decision stage late") if they never did
   */
  ScaleUpStory(Subject subject, Signal signal, Sample breach, String breachName) {
    this.subject = subject;
    this.signal = signal;
    this.breach = breach;
    this.breachName = breachName;
    Episode episode = subject.episode();
    this.initialReplicas = episode.initial().orElseThrow().replicas();
    this.decision =
        episode
            .scaledUp(breach.at(), initialReplicas)
            .orElseThrow(
                () ->
                    subject.late(
                        "decision",
                        String.format(
                            "replicas stayed at or below %d from %s (%s) at %s to the end of the"
                                + " recording; %s",
                            initialReplicas,
                            breachName,
                            signal.format(signal.of(breach)),
                            subject.moment(breach.at()),
                            subject.seenToTheEnd(signal))));
  }

  /** This stage, as the story that extends this class. */
  abstract S self();

  /**
   * Checks that the replicas rose above the initial count by breach + {@code window}.
   *
   * @throws AssertionError ("decision stage late")
   */
  public S decisionWithin(Duration window) {
    Instant deadline = deadline(window);
    if (decision.at().isAfter(deadline)) {
      throw late(
          "decision",
          window,
          "wanted replicas above " + initialReplicas,
          "they reached " + decision.replicas() + " only at " + subject.t(decision.at()));
    }
    return self();
  }

  /**
   * Checks that, after the decision, every wanted pod of the scaled-up Deployment was ready ({@code
   * readyReplicas >= replicas > initial}) by breach + {@code window}.
   *
   * @throws AssertionError ("pods ready stage late")
   */
  public S readyWithin(Duration window) {
    Instant deadline = deadline(window);
    Optional<Sample> ready = ready();
    if (ready.isEmpty() || ready.get().at().isAfter(deadline)) {
      throw late(
          "pods ready",
          window,
          "wanted all pods ready after the decision at " + subject.t(decision.at()),
          ready
              .map(r -> r.readyReplicas() + " were ready only at " + subject.t(r.at()))
              .orElse("they never were"));
    }
    return self();
  }

  /** Goes on to the scale-down story. */
  public LoadStoppedAssert afterLoadStops() {
    return service().afterLoadStops();
  }

  /** See {@link ServiceAssert#neverFlaps}. */
  public ServiceAssert neverFlaps(int maxDirectionChanges, Duration window) {
    return service().neverFlaps(maxDirectionChanges, window);
  }

  /** See {@link ServiceAssert#errorRateStaysBelow}. */
  public ServiceAssert errorRateStaysBelow(double maxRatio) {
    return service().errorRateStaysBelow(maxRatio);
  }

  /** See {@link ServiceAssert#replicasStayWithin}. */
  public ServiceAssert replicasStayWithin(int min, int max) {
    return service().replicasStayWithin(min, max);
  }

  /** The first sample after the decision with every wanted pod of the scaled-up count ready. */
  Optional<Sample> ready() {
    return subject.episode().ready(decision.at(), initialReplicas);
  }

  Instant deadline(Duration window) {
    return breach.at().plus(Subject.requireWindow("window", window));
  }

  /** A stage that missed breach + {@code window}: what it wanted, what it saw, the last samples. */
  AssertionError late(String stage, Duration window, String wanted, String actual) {
    Instant deadline = deadline(window);
    return subject.late(
        stage,
        String.format(
            "%s by %s (%s at %s + %s), but %s; %s",
            wanted,
            subject.t(deadline),
            breachName,
            subject.moment(breach.at()),
            Subject.seconds(window),
            actual,
            subject.seenUpTo(deadline, signal)));
  }

  private ServiceAssert service() {
    return new ServiceAssert(subject);
  }
}
