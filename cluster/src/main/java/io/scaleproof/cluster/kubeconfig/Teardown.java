package io.scaleproof.cluster.kubeconfig;

import java.util.ArrayList;
import java.util.List;

/**
 * What closing a run did with its namespaces.
 *
 * @param deleted the namespaces deleted and gone
 * @param kept the namespaces kept as evidence of a failed run
 * @param problems what could not be done, each with what to do about it (a namespace still
 *     terminating, a cluster that could not be reached)
 */
public record Teardown(List<String> deleted, List<String> kept, List<String> problems) {
  public Teardown {
    deleted = List.copyOf(deleted);
    kept = List.copyOf(kept);
    problems = List.copyOf(problems);
  }

  /** This teardown with one more problem. */
  public Teardown withProblem(String problem) {
    List<String> more = new ArrayList<>(problems);
    more.add(problem);
    return new Teardown(deleted, kept, more);
  }

  /** One paragraph for the console and the report. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    if (!deleted.isEmpty()) {
      parts.add("deleted namespaces " + String.join(", ", deleted));
    }
    if (!kept.isEmpty()) {
      parts.add(
          "kept namespaces "
              + String.join(", ", kept)
              + " of the failed run (kubectl delete namespace "
              + String.join(" ", kept)
              + " when done)");
    }
    parts.addAll(problems);
    return parts.isEmpty() ? "nothing to clean up" : String.join("; ", parts);
  }
}
