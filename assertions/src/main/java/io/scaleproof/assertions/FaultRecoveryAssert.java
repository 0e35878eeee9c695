package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;

/**
 * The recovery after a fault's end (the stage after {@link FaultAssert#afterFault}): how soon the
 * service is whole again. Immutable.
 */
public final class FaultRecoveryAssert {
  private final FaultAssert parent;
  private final Subject subject;
  private final FaultWindow fault;

  FaultRecoveryAssert(FaultAssert parent, Subject subject, FaultWindow fault) {
    this.parent = parent;
    this.subject = subject;
    this.fault = fault;
  }

  /**
   * Checks that, within {@code window} of the fault's end, the service is whole again: every
   * replica ready, KEDA's trigger answering (no failure, no fallback) and, while the load runs, its
   * metric read again.
   *
   * @throws AssertionError ("recovery") when no sample in the window shows it
   */
  public FaultAssert recoversWithin(Duration window) {
    Subject.requireWindow("window", window);
    Instant deadline = fault.ended().plus(window);
    boolean recovered =
        subject.samples().stream()
            .filter(s -> !s.at().isBefore(fault.ended()) && !s.at().isAfter(deadline))
            .anyMatch(this::whole);
    if (!recovered) {
      throw parent.broken(
          "recovery",
          String.format(
              "not whole again within %s of its end at %s (every replica ready, the trigger"
                  + " answering, the metric read under load); %s",
              Subject.seconds(window), subject.t(fault.ended()), subject.seenUpTo(deadline)));
    }
    return parent;
  }

  private boolean whole(Sample sample) {
    boolean underLoad = !sample.at().isAfter(subject.run().loadStopped());
    return sample.readyReplicas() >= sample.replicas()
        && !Boolean.TRUE.equals(sample.scalerError())
        && !Boolean.TRUE.equals(sample.fallback())
        && (!underLoad || sample.p95Ms() != null);
  }
}
