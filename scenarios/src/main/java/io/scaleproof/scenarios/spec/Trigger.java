package io.scaleproof.scenarios.spec;

/** Which of the ScaledObjects' triggers a scenario sets off, and so which story it judges. */
public enum Trigger {
  /** Load past capacity: p95 breaches, replicas rise, p95 recovers. */
  P95,
  /**
   * Injected errors: the error ratio breaches and replicas rise. There is no recovery to expect
   * (more replicas do not lower a fixed error fraction) nor an error rate to keep low.
   */
  ERRORS,
  /**
   * None: the load stays under the threshold, so there is no scale-up story to judge; what the
   * scenario asks of its faults and the invariants (no flapping, replicas in bounds, the error
   * rate, back at the start after the load) are judged.
   */
  NONE
}
