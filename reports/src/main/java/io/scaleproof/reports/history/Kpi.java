package io.scaleproof.reports.history;

import io.scaleproof.assertions.ServiceFigures;
import java.util.function.Function;

/** A scaling KPI kept in the history; for all of them, lower is better. */
public enum Kpi {
  METRIC_LAG("metricLagSeconds", "seconds", ServiceFigures::metricLagSeconds),
  TIME_TO_SCALE_UP("timeToScaleUpSeconds", "seconds", ServiceFigures::timeToScaleUpSeconds),
  TIME_TO_RECOVERY("timeToRecoverySeconds", "seconds", ServiceFigures::timeToRecoverySeconds),
  TIME_TO_SCALE_DOWN("timeToScaleDownSeconds", "seconds", ServiceFigures::timeToScaleDownSeconds),
  SLO_VIOLATION("sloViolationSeconds", "seconds", ServiceFigures::sloViolationSeconds),
  REPLICA_SECONDS("replicaSeconds", "replica-seconds", ServiceFigures::replicaSeconds),
  DIRECTION_CHANGES("directionChanges", "changes", figures -> (double) figures.directionChanges());

  private final String key;
  private final String unit;
  private final Function<ServiceFigures, Double> value;

  Kpi(String key, String unit, Function<ServiceFigures, Double> value) {
    this.key = key;
    this.unit = unit;
    this.value = value;
  }

  /** Its name in {@code summary.json} and the history file. */
  public String key() {
    return key;
  }

  /** What its values count: {@code seconds}, {@code replica-seconds} or {@code changes}. */
  public String unit() {
    return unit;
  }

  /** Its value in {@code figures}, or null when what it measures never happened. */
  public Double of(ServiceFigures figures) {
    return value.apply(figures);
  }

  static Kpi byKey(String key) {
    for (Kpi kpi : values()) {
      if (kpi.key.equals(key)) {
        return kpi;
      }
    }
    throw new IllegalArgumentException("no KPI named " + key);
  }
}
