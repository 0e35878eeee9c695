package io.scaleproof.assertions;

/** The stage after {@code afterLoadStops()}: the load has stopped. Immutable. */
public final class LoadStoppedAssert {

  private final Subject subject;

  LoadStoppedAssert(Subject subject) {
    this.subject = subject;
  }

  /**
   * Checks that, at the load's stop or after it, the replicas came back to at most the count the
   * load started with. A service that never scaled up passes at once.
   *
   * @throws AssertionError ("scale-down stage late") if they never did
   */
  public ScaleDownAssert scalesDown() {
    Episode episode = subject.episode();
    int initialReplicas =
        episode
            .initial()
            .orElseThrow(() -> subject.late("scale-down", "no samples were recorded"))
            .replicas();
    Sample scaledDown =
        episode
            .scaledDown(initialReplicas)
            .orElseThrow(
                () ->
                    subject.late(
                        "scale-down",
                        String.format(
                            "replicas never came back to %d after the load stopped at %s; %s",
                            initialReplicas,
                            subject.moment(subject.run().loadStopped()),
                            subject.seenToTheEnd())));
    return new ScaleDownAssert(subject, initialReplicas, scaledDown);
  }
}
