package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The autoscaling a project's pipeline declares: each service's ScaledObject polling interval. A
 * scenario is checked against it before anything starts.
 */
public record DeclaredAutoscaling(Map<String, Duration> pollingIntervals) {
  public DeclaredAutoscaling {
    pollingIntervals = Map.copyOf(pollingIntervals);
  }

  /** The polling interval of each service's ScaledObject. */
  public static DeclaredAutoscaling of(Map<String, ScalingChain> chains) {
    Map<String, Duration> intervals = new LinkedHashMap<>();
    chains.forEach((service, chain) -> intervals.put(service, chain.pollingInterval()));
    return new DeclaredAutoscaling(intervals);
  }

  /**
   * Checks that every service of {@code scenario} is autoscaled by the pipeline, and that no SLO
   * window is shorter than the autoscaler can react: its polling interval and the HPA's sync
   * period.
   *
   * @throws InvalidInputException naming the scenario's file and field
   */
  public void check(Scenario scenario) {
    Duration slowest = scenario.timers().hpaSyncPeriod();
    String slowestWhat = "the HPA sync period of timers " + scenario.timers().name().toLowerCase();
    List<String> services = scenario.services();
    for (int i = 0; i < services.size(); i++) {
      Duration polling = pollingIntervals.get(services.get(i));
      if (polling == null) {
        throw new InvalidInputException(
            scenario.file(),
            "services[" + i + "]",
            "'" + services.get(i) + "' is not a service of the project",
            "Use one of " + new java.util.TreeSet<>(pollingIntervals.keySet()));
      }
      if (polling.compareTo(slowest) > 0) {
        slowest = polling;
        slowestWhat = "the pollingInterval of the ScaledObject of " + services.get(i);
      }
    }
    Slo slo = scenario.slo();
    Map<String, Duration> windows = new LinkedHashMap<>();
    windows.put("decisionWithin", slo.decisionWithin());
    windows.put("readyWithin", slo.readyWithin());
    windows.put("p95RecoversWithin", slo.p95RecoversWithin());
    windows.put("scaleDownWithin", slo.scaleDownWithin());
    windows.put("flapWindow", slo.flapWindow());
    for (Map.Entry<String, Duration> window : windows.entrySet()) {
      if (window.getValue().compareTo(slowest) < 0) {
        throw new InvalidInputException(
            scenario.file(),
            "slo." + window.getKey(),
            "("
                + window.getValue().toSeconds()
                + " s) is shorter than "
                + slowestWhat
                + " ("
                + slowest.toSeconds()
                + " s): the autoscaler cannot act within it",
            "Make the window at least " + slowest.toSeconds() + " s");
      }
    }
  }
}
