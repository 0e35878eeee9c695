package io.scaleproof.assertions;

/**
 * The scale-up story of a service, after its error ratio breached the threshold and the autoscaler
 * decided to add replicas. It checks the decision and the pods, each within a window <b>measured
 * from the breach</b>; it offers no recovery check, because more replicas do not lower a fixed
 * fraction of failing requests. Immutable: the checks return this same stage, so it may be kept and
 * asserted on again.
 */
public final class ErrorRatioScaleUpAssert extends ScaleUpStory<ErrorRatioScaleUpAssert> {

  ErrorRatioScaleUpAssert(Subject subject, Sample breach, String breachName) {
    super(subject, Signal.ERROR_RATIO, breach, breachName);
  }

  @Override
  ErrorRatioScaleUpAssert self() {
    return this;
  }
}
