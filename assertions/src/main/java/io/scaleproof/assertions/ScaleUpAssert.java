package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scale-up story of a service, after p95 breached the threshold and the autoscaler decided to
 * add replicas. Each check names a stage of the story and a window; <b>every window is measured
 * from the first breach</b>, so {@code decisionWithin(45s).readyWithin(60s)} gives the pods 60 s
 * from the breach, not from the decision. Immutable: the checks return this same stage, so it may
 * be kept and asserted on again.
 */
public final class ScaleUpAssert {

  private final Subject subject;
  private final double thresholdMs;
  private final Sample breach;
  private final int initialReplicas;
  private final Sample decision;

  ScaleUpAssert(
      Subject subject, double thresholdMs, Sample breach, int initialReplicas, Sample decision) {
    this.subject = subject;
    this.thresholdMs = thresholdMs;
    this.breach = breach;
    this.initialReplicas = initialReplicas;
    this.decision = decision;
  }

  /**
   * Checks that the replicas rose above the initial count by breach + {@code window}.
   *
   * @throws AssertionError ("decision stage late")
   */
  public ScaleUpAssert decisionWithin(Duration window) {
    Instant deadline = deadline(window);
    if (decision.at().isAfter(deadline)) {
      throw late(
          "decision",
          window,
          "wanted replicas above " + initialReplicas,
          "they reached " + decision.replicas() + " only at " + subject.t(decision.at()));
    }
    return this;
  }

  /**
   * Checks that, after the decision, every wanted pod of the scaled-up Deployment was ready ({@code
   * readyReplicas >= replicas > initial}) by breach + {@code window}.
   *
   * @throws AssertionError ("pods ready stage late")
   */
  public ScaleUpAssert readyWithin(Duration window) {
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
    return this;
  }

  /**
   * Checks that, once the pods were ready, p95 came back to at or below the threshold given to
   * {@link ServiceAssert#whenP95Exceeds} by breach + {@code window}.
   *
   * @throws AssertionError ("recovery stage late")
   */
  public ScaleUpAssert p95RecoversWithin(Duration window) {
    Instant deadline = deadline(window);
    String wanted = "wanted p95 at or below " + Subject.ms(thresholdMs);
    Optional<Sample> ready = ready();
    if (ready.isEmpty()) {
      throw late("recovery", window, wanted, "the scaled-up pods never became ready");
    }
    Optional<Sample> recovered = subject.episode().recovered(ready.get().at(), thresholdMs);
    if (recovered.isEmpty() || recovered.get().at().isAfter(deadline)) {
      throw late(
          "recovery",
          window,
          wanted + " after the pods were ready at " + subject.t(ready.get().at()),
          recovered
              .map(r -> "it was " + Subject.ms(r.p95Ms()) + " only at " + subject.t(r.at()))
              .orElse("it never was"));
    }
    return this;
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

  private ServiceAssert service() {
    return new ServiceAssert(subject);
  }

  private Optional<Sample> ready() {
    return subject.episode().ready(decision.at(), initialReplicas);
  }

  private Instant deadline(Duration window) {
    return breach.at().plus(Subject.requireWindow("window", window));
  }

  private AssertionError late(String stage, Duration window, String wanted, String actual) {
    Instant deadline = deadline(window);
    return subject.late(
        stage,
        String.format(
            "%s by %s (the p95 breach at %s + %s), but %s; %s",
            wanted,
            subject.t(deadline),
            subject.moment(breach.at()),
            Subject.seconds(window),
            actual,
            subject.seenUpTo(deadline)));
  }
}
