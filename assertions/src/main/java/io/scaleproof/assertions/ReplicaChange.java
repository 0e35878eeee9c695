package io.scaleproof.assertions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One change of a service's replica count between consecutive samples.
 *
 * @param at the instant of the sample that shows the new count
 * @param reversal whether this change goes the other way from the change before it (1→2→1: the
 *     second change is a reversal)
 */
record ReplicaChange(Instant at, int from, int to, boolean reversal) {

  static List<ReplicaChange> in(List<Sample> samples) {
    List<ReplicaChange> changes = new ArrayList<>();
    int lastDirection = 0;
    for (int i = 1; i < samples.size(); i++) {
      int from = samples.get(i - 1).replicas();
      int to = samples.get(i).replicas();
      if (from != to) {
        int direction = Integer.signum(to - from);
        boolean reversal = lastDirection != 0 && direction != lastDirection;
        changes.add(new ReplicaChange(samples.get(i).at(), from, to, reversal));
        lastDirection = direction;
      }
    }
    return changes;
  }
}
