package io.scaleproof.assertions;

/**
 * The stage after {@link ServiceAssert#whenP95Exceeds}: p95 breached the threshold during the load.
 * Immutable.
 */
public final class P95BreachAssert {

  private final Subject subject;
  private final double thresholdMs;
  private final Sample breach;
  private final String breachName;

  P95BreachAssert(Subject subject, double thresholdMs, Sample breach, String breachName) {
    this.subject = subject;
    this.thresholdMs = thresholdMs;
    this.breach = breach;
    this.breachName = breachName;
  }

  /**
   * Starts the story instead at the first sample whose p95 is above the threshold by more than the
   * autoscaler's {@code tolerance}. An HPA leaves the replicas alone while metric / target is
   * within 1 ± tolerance ({@code --horizontal-pod-autoscaler-tolerance}, 0.1 by default), so a p95
   * of 155 ms against a target of 150 asks it for nothing, and a window measured from that sample
   * would time the noise rather than the autoscaler. The recovery still wants p95 at or below the
   * threshold itself.
   *
   * @param tolerance the HPA's tolerance, a fraction in [0, 1): 0.1 for its default
   * @throws AssertionError ("metric stage late") if p95 never left the tolerance during the load
   */
  public P95BreachAssert beyondTolerance(double tolerance) {
    Subject.requireTolerance(tolerance);
    return new P95BreachAssert(
        subject,
        thresholdMs,
        subject.breachBeyond(Signal.P95, thresholdMs, tolerance),
        Subject.breachBeyondName(Signal.P95, tolerance));
  }

  /**
   * Checks that the autoscaler decided to scale up at all: at the breach or after it, the replicas
   * rose above the count the load started with.
   *
   * @throws AssertionError ("decision stage late") if they never did
   */
  public ScaleUpAssert scalesUp() {
    return new ScaleUpAssert(subject, thresholdMs, breach, breachName);
  }
}
