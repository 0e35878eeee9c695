package io.scaleproof.scenarios.spec;

import java.util.List;
import java.util.Objects;

/**
 * Faults a scenario injects: an error rate for the whole run, committed to the services'
 * Deployments with the pipeline changes as a faulty release would be (their own variable changes
 * and a rollout brings it in); and faults with a start and a duration during the load.
 *
 * @param errorRate the fraction of requests answered 500 for the whole run, or null
 * @param during the faults made and undone while the load runs, in the order the file gives them
 */
public record Faults(Double errorRate, List<Fault> during) {
  public static final Faults NONE = new Faults(null, List.of());

  public Faults {
    during = List.copyOf(Objects.requireNonNull(during, "during"));
  }

  /** An error rate for the whole run, and no fault during the load. */
  public Faults(Double errorRate) {
    this(errorRate, List.of());
  }

  /** Whether an error rate is committed before the load. */
  public boolean hasErrorRate() {
    return errorRate != null;
  }
}
