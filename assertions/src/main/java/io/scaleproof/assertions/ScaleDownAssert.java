package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;

/** The scale-down story: the replicas came back to the initial count after the load. Immutable. */
public final class ScaleDownAssert {

  private final Subject subject;
  private final int initialReplicas;
  private final Sample scaledDown;

  ScaleDownAssert(Subject subject, int initialReplicas, Sample scaledDown) {
    this.subject = subject;
    this.initialReplicas = initialReplicas;
    this.scaledDown = scaledDown;
  }

  /**
   * Checks that the replicas were back at the initial count by load stop + {@code window}, and
   * returns to the service so that its invariants can follow.
   *
   * @throws AssertionError ("scale-down stage late")
   */
  public ServiceAssert within(Duration window) {
    Instant stopped = subject.run().loadStopped();
    Instant deadline = stopped.plus(Subject.requireWindow("window", window));
    if (scaledDown.at().isAfter(deadline)) {
      throw subject.late(
          "scale-down",
          String.format(
              "wanted replicas back at %d by %s (the load stop at %s + %s), but they were back"
                  + " only at %s; %s",
              initialReplicas,
              subject.t(deadline),
              subject.moment(stopped),
              Subject.seconds(window),
              subject.t(scaledDown.at()),
              subject.seenUpTo(deadline)));
    }
    return new ServiceAssert(subject);
  }
}
