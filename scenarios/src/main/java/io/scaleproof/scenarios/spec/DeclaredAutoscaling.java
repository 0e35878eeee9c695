package io.scaleproof.scenarios.spec;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The autoscaling a pipeline declares: each ScaledObject by name, with its polling interval. A
 * scenario is checked against it before anything starts.
 */
public record DeclaredAutoscaling(Map<String, Duration> pollingIntervals) {
  /** KEDA's default {@code pollingInterval}. */
  private static final Duration KEDA_DEFAULT_POLLING = Duration.ofSeconds(30);

  public DeclaredAutoscaling {
    pollingIntervals = Map.copyOf(pollingIntervals);
  }

  public static DeclaredAutoscaling of(Pipeline pipeline) {
    return of(pipeline.objects());
  }

  static DeclaredAutoscaling of(List<HasMetadata> objects) {
    Map<String, Duration> intervals = new LinkedHashMap<>();
    for (HasMetadata object : objects) {
      if (object instanceof GenericKubernetesResource resource
          && "ScaledObject".equals(resource.getKind())) {
        Object seconds = resource.get("spec", "pollingInterval");
        intervals.put(
            resource.getMetadata().getName(),
            seconds instanceof Number number
                ? Duration.ofSeconds(number.longValue())
                : KEDA_DEFAULT_POLLING);
      }
    }
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
            "'" + services.get(i) + "' has no ScaledObject in the pipeline",
            "Use one of " + new java.util.TreeSet<>(pollingIntervals.keySet()));
      }
      if (polling.compareTo(slowest) > 0) {
        slowest = polling;
        slowestWhat = "the pollingInterval of ScaledObject " + services.get(i);
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
