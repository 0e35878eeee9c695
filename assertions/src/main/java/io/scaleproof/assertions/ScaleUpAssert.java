package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scale-up story of a service, after p95 breached the threshold and the autoscaler decided to
 * add replicas. Each check names a stage of the story and a window; <b>every window is measured
 * from the breach</b> (the first sample above the threshold, or above its tolerance with {@link
 * P95BreachAssert#beyondTolerance}), so {@code decisionWithin(45s).readyWithin(60s)} gives the pods
 * 60 s from the breach, not from the decision. Immutable: the checks return this same stage, so it
 * may be kept and asserted on again.
 */
public final class ScaleUpAssert extends ScaleUpStory<ScaleUpAssert> {

  private final double thresholdMs;

  ScaleUpAssert(Subject subject, double thresholdMs, Sample breach, String breachName) {
    super(subject, Signal.P95, breach, breachName);
    this.thresholdMs = thresholdMs;
  }

  @Override
  ScaleUpAssert self() {
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
}
