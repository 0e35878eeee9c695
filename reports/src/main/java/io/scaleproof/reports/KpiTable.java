package io.scaleproof.reports;

import io.scaleproof.assertions.ServiceFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The scaling KPIs of a run as a Markdown table, one column per service, and the lag of each stage:
 * the clients' breach → the metric's breach → decision → pods ready → recovery.
 */
public final class KpiTable {
  private record Row(String name, Function<ServiceFigures, String> value) {}

  private static final List<Row> ROWS =
      List.of(
          new Row("p95 threshold (ms)", f -> number(f.threshold())),
          new Row("peak p95 (ms)", f -> number(f.peakP95())),
          new Row(
              "replicas: initial / peak / final",
              f -> f.initialReplicas() + " / " + f.peakReplicas() + " / " + f.finalReplicas()),
          new Row(
              "clients' breach → metric breach (s)",
              f -> between(f.clientBreach(), f.firstBreach())),
          new Row("metric breach → decision (s)", f -> between(f.firstBreach(), f.firstScaleUp())),
          new Row(
              "metric breach → past the HPA's tolerance (s)",
              f -> number(f.withinToleranceSeconds())),
          new Row("decision → pods ready (s)", f -> between(f.firstScaleUp(), f.scaledUpReady())),
          new Row("pods ready → p95 recovered (s)", f -> between(f.scaledUpReady(), f.recovered())),
          new Row("time to recovery from the breach (s)", f -> number(f.timeToRecoverySeconds())),
          new Row("end of load → back down (s)", f -> number(f.timeToScaleDownSeconds())),
          new Row("SLO-violation seconds", f -> number(f.sloViolationSeconds())),
          new Row("replica-seconds", f -> number(f.replicaSeconds())),
          new Row("direction changes", f -> String.valueOf(f.directionChanges())),
          new Row("peak error ratio", f -> number(f.peakErrorRatio())),
          new Row("peak requests/s", f -> number(f.peakRequestsPerSecond())));

  private KpiTable() {}

  public static String markdown(Map<String, ServiceFigures> figures) {
    List<String> services = figures.keySet().stream().sorted().toList();
    StringBuilder table = new StringBuilder("| KPI |");
    services.forEach(service -> table.append(' ').append(service).append(" |"));
    table.append("\n|---|");
    services.forEach(service -> table.append("---|"));
    table.append('\n');
    for (Row row : ROWS) {
      table.append("| ").append(row.name()).append(" |");
      services.forEach(
          service ->
              table.append(' ').append(row.value().apply(figures.get(service))).append(" |"));
      table.append('\n');
    }
    return table.toString();
  }

  private static String between(Instant from, Instant to) {
    return from == null || to == null
        ? "–"
        : number(Duration.between(from, to).toMillis() / 1000.0);
  }

  private static String number(Double value) {
    if (value == null) {
      return "–";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e9
        ? String.valueOf(value.longValue())
        : String.format(Locale.ROOT, Math.abs(value) < 1 ? "%.3f" : "%.1f", value);
  }
}
