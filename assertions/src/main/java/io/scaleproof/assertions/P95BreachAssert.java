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
    Episode episode = subject.episode();
    int initialReplicas = episode.initial().orElseThrow().replicas();
    Sample decision =
        episode
            .scaledUp(breach.at(), initialReplicas)
            .orElseThrow(
                () ->
                    subject.late(
                        "decision",
                        String.format(
                            "replicas stayed at or below %d from the p95 breach (%s) at %s to the"
                                + " end of the recording; %s",
                            initialReplicas,
                            Subject.ms(breach.p95Ms()),
                            subject.moment(breach.at()),
                            subject.seenToTheEnd())));
    return new ScaleUpAssert(subject, thresholdMs, breach, initialReplicas, decision);
  }
}
