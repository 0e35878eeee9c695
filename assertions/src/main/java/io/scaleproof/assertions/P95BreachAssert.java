package io.scaleproof.assertions;

/**
 * The stage after {@link ServiceAssert#whenP95Exceeds}: p95 breached the threshold during the load.
 * Immutable.
 */
public final class P95BreachAssert {

  private final Subject subject;
  private final double thresholdMs;
  private final Sample breach;

  P95BreachAssert(Subject subject, double thresholdMs, Sample breach) {
    this.subject = subject;
    this.thresholdMs = thresholdMs;
    this.breach = breach;
  }

  /**
   * Checks that the autoscaler decided to scale up at all: at the breach or after it, the replicas
   * rose above the count the load started with.
   *
   * @throws AssertionError ("decision stage late") if they never did
   */
  public ScaleUpAssert scalesUp() {
    return new ScaleUpAssert(subject, thresholdMs, breach);
  }
}
