package io.scaleproof.reports.history;

import io.scaleproof.assertions.ServiceFigures;
import java.util.function.Function;

/** A scaling KPI kept in the history; for all of them, lower is better. */
public enum Kpi {
  TIME_TO_SCALE_UP("timeToScaleUpSeconds", ServiceFigures::timeToScaleUpSeconds),
  TIME_TO_RECOVERY("timeToRecoverySeconds", ServiceFigures::timeToRecoverySeconds),
  TIME_TO_SCALE_DOWN("timeToScaleDownSeconds", ServiceFigures::timeToScaleDownSeconds),
  SLO_VIOLATION("sloViolationSeconds", ServiceFigures::sloViolationSeconds),
  REPLICA_SECONDS("replicaSeconds", ServiceFigures::replicaSeconds),
  DIRECTION_CHANGES("directionChanges", figures -> (double) figures.directionChanges());

  private final String key;
  private final Function<ServiceFigures, Double> value;

  Kpi(String key, Function<ServiceFigures, Double> value) {
    this.key = key;
    this.value = value;
  }

  /** Its name in {@code summary.json} and the history file. */
  public String key() {
    return key;
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
