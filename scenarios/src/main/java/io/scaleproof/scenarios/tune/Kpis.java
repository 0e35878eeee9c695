package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.ServiceFigures;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The figures tune predicts and compares, for one service in one run (live or twin), in seconds and
 * replicas; null where the thing never happened.
 *
 * @param timeToScaleUp from the first p95 breach to the first scale-up
 * @param timeToReady from the first breach to every pod of the scale-up ready
 * @param peakReplicas the highest replica count
 * @param replicaSeconds the replicas integrated over the run: the cost
 * @param sloViolationSeconds the time with p95 above the SLO: the harm
 * @param timeToScaleDown from the load's stop to the initial replicas again
 */
public record Kpis(
    Double timeToScaleUp,
    Double timeToReady,
    double peakReplicas,
    double replicaSeconds,
    double sloViolationSeconds,
    Double timeToScaleDown) {

  /** The KPIs in the order tables show them, with their names. */
  public enum Kpi {
    TIME_TO_SCALE_UP("time to scale up s", Kpis::timeToScaleUp),
    TIME_TO_READY("time to pods ready s", Kpis::timeToReady),
    PEAK_REPLICAS("peak replicas", k -> k.peakReplicas()),
    REPLICA_SECONDS("replica-seconds", k -> k.replicaSeconds()),
    SLO_VIOLATION_SECONDS("SLO-violation s", k -> k.sloViolationSeconds()),
    TIME_TO_SCALE_DOWN("time to scale down s", Kpis::timeToScaleDown);

    private final String label;
    private final Function<Kpis, Double> value;

    Kpi(String label, Function<Kpis, Double> value) {
      this.label = label;
      this.value = value;
    }

    public String label() {
      return label;
    }

    public Double of(Kpis kpis) {
      return value.apply(kpis);
    }
  }

  public static Kpis of(ServiceFigures figures) {
    Double ready =
        figures.firstBreach() == null || figures.scaledUpReady() == null
            ? null
            : Duration.between(figures.firstBreach(), figures.scaledUpReady()).toMillis() / 1000.0;
    return new Kpis(
        figures.timeToScaleUpSeconds(),
        ready,
        figures.peakReplicas() == null ? 0 : figures.peakReplicas(),
        figures.replicaSeconds(),
        figures.sloViolationSeconds(),
        figures.timeToScaleDownSeconds());
  }

  /**
   * Several services' KPIs as one: costs and harms add up, times and peaks are the worst service's.
   */
  public static Kpis combined(List<Kpis> services) {
    return new Kpis(
        worst(services, Kpis::timeToScaleUp),
        worst(services, Kpis::timeToReady),
        services.stream().mapToDouble(Kpis::peakReplicas).max().orElse(0),
        services.stream().mapToDouble(Kpis::replicaSeconds).sum(),
        services.stream().mapToDouble(Kpis::sloViolationSeconds).sum(),
        worst(services, Kpis::timeToScaleDown));
  }

  private static Double worst(List<Kpis> services, Function<Kpis, Double> value) {
    Double worst = null;
    for (Kpis kpis : services) {
      Double v = value.apply(kpis);
      if (v != null && (worst == null || v > worst)) {
        worst = v;
      }
    }
    return worst;
  }
}
