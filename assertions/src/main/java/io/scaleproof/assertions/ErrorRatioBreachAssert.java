package io.scaleproof.assertions;

/**
 * The stage after {@link ServiceAssert#whenErrorRatioExceeds}: the error ratio breached the
 * threshold during the load. Immutable.
 */
public final class ErrorRatioBreachAssert {

  private final Subject subject;
  private final double ratio;
  private final Sample breach;
  private final String breachName;

  ErrorRatioBreachAssert(Subject subject, double ratio, Sample breach, String breachName) {
    this.subject = subject;
    this.ratio = ratio;
    this.breach = breach;
    this.breachName = breachName;
  }

  /**
   * Starts the story instead at the first sample whose error ratio is above the threshold by more
   * than the autoscaler's {@code tolerance}, the first an HPA acts on; see {@link
   * P95BreachAssert#beyondTolerance}.
   *
   * @param tolerance the HPA's tolerance, a fraction in [0, 1): 0.1 for its default
   * @throws AssertionError ("metric stage late") if the error ratio never left the tolerance during
   *     the load
   */
  public ErrorRatioBreachAssert beyondTolerance(double tolerance) {
    Subject.requireTolerance(tolerance);
    return new ErrorRatioBreachAssert(
        subject,
        ratio,
        subject.breachBeyond(Signal.ERROR_RATIO, ratio, tolerance),
        Subject.breachBeyondName(Signal.ERROR_RATIO, tolerance));
  }

  /**
   * Checks that the autoscaler answered the failing requests at all: at the error-ratio breach or
   * after it, the replicas rose above the count the load started with.
   *
   * @throws AssertionError ("decision stage late") if they never did
   */
  public ErrorRatioScaleUpAssert scalesUp() {
    return new ErrorRatioScaleUpAssert(subject, breach, breachName);
  }
}
