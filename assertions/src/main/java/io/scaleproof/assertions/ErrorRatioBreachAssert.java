package io.scaleproof.assertions;

/**
 * The stage after {@link ServiceAssert#whenErrorRatioExceeds}: the error ratio breached the
 * threshold during the load. Immutable.
 */
public final class ErrorRatioBreachAssert {

  private final Subject subject;
  private final Sample breach;

  ErrorRatioBreachAssert(Subject subject, Sample breach) {
    this.subject = subject;
    this.breach = breach;
  }

  /**
   * Checks that the autoscaler answered the failing requests at all: at the error-ratio breach or
   * after it, the replicas rose above the count the load started with.
   *
   * @throws AssertionError ("decision stage late") if they never did
   */
  public ErrorRatioScaleUpAssert scalesUp() {
    return new ErrorRatioScaleUpAssert(subject, breach);
  }
}
