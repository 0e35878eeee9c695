package io.scaleproof.scenarios.tune;

import io.scaleproof.reports.chart.ParetoChart;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code tune} writes: {@code tune.md} (the calibration, the fidelity check, the sweep's
 * table, each knob's effect and the recommendation), {@code sweep.csv}, {@code pareto.svg} and
 * {@code pareto.png}, and, with a recommendation, {@code recommended-patch.yaml} and {@code
 * recommended-scenario.yaml}.
 */
final class TuneReport {
  private TuneReport() {}

  /** The calibration of each service, as Markdown. */
  static String calibration(Tuning tuning) {
    StringBuilder text = new StringBuilder();
    text.append(
        "| service | workers per replica | mean service time | lognormal σ | capacity per replica"
            + " | contention per replica | metric pipeline | pod start (median, n) | fit: clients'"
            + " p95 | fit: p95 metric |\n|---|---|---|---|---|---|---|---|---|---|\n");
    tuning
        .fits()
        .forEach(
            (service, fit) -> {
              ServiceModel model = fit.model();
              text.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %d | %.1f ms | %.2f | %.1f req/s | %.0f %% | %s | %.1f s, %d |"
                          + " ±%.0f %% | ±%.0f %% |%n",
                      service,
                      model.app().concurrency(),
                      model.app().serviceTime().meanMs(),
                      model.app().serviceTime().sigma(),
                      model.app().capacityPerReplica(),
                      100 * model.app().contention(),
                      model.lag(),
                      model.medianPodStartSeconds(),
                      model.podStartSeconds().length,
                      100 * Math.expm1(fit.clientFitError()),
                      100 * Math.expm1(fit.metricFitError())));
            });
    text.append(
        "\n(fit: the root mean square of ln(predicted/observed) as a typical ratio, over the"
            + " run's samples)\n");
    return text.toString();
  }

  /** The knobs' effects, as Markdown. */
  static String sensitivity(Sweep sweep) {
    Map<Knob, Map<Kpis.Kpi, double[]>> effects = sweep.sensitivity();
    if (effects.isEmpty()) {
      return "(one value per knob: no effect to show)\n";
    }
    StringBuilder text = new StringBuilder("| knob |");
    for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
      text.append(' ').append(kpi.label()).append(" |");
    }
    text.append("\n|---|").append("---|".repeat(Kpis.Kpi.values().length)).append('\n');
    effects.forEach(
        (knob, byKpi) -> {
          text.append("| ").append(knob.key()).append(" |");
          for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
            double[] range = byKpi.get(kpi);
            text.append(' ')
                .append(
                    range == null
                        ? "-"
                        : Fidelity.number(range[0]) + " → " + Fidelity.number(range[1]))
                .append(" |");
          }
          text.append('\n');
        });
    text.append(
        "\n(each cell: the KPI's mean over the settings sharing a value of the knob, lowest →"
            + " highest across its values)\n");
    return text.toString();
  }

  /** {@code sweep.csv}: a row per setting, a column per knob and per KPI's mean, low and high. */
  static String csv(Sweep sweep) {
    StringBuilder text = new StringBuilder();
    List<String> header = new ArrayList<>();
    sweep.varies().forEach(v -> header.add(v.knob().key()));
    for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
      String key = kpi.name().toLowerCase(Locale.ROOT);
      header.add(key + "_mean");
      header.add(key + "_low");
      header.add(key + "_high");
    }
    header.add("seeds_passing");
    header.add("seeds");
    header.add("pareto");
    header.add("flags");
    text.append(String.join(",", header)).append('\n');
    List<Sweep.Result> front = sweep.front();
    for (Sweep.Result result : sweep.results()) {
      List<String> row = new ArrayList<>();
      sweep
          .varies()
          .forEach(v -> row.add(v.knob().format(result.setting().values().get(v.knob()))));
      for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
        Sweep.Spread spread = result.kpis().get(kpi);
        row.add(cell(spread.mean()));
        row.add(cell(spread.low()));
        row.add(cell(spread.high()));
      }
      row.add(String.valueOf(result.passed()));
      row.add(String.valueOf(result.seeds()));
      row.add(String.valueOf(front.contains(result)));
      row.add("\"" + String.join("; ", result.flags()).replace("\"", "'") + "\"");
      text.append(String.join(",", row)).append('\n');
    }
    return text.toString();
  }

  private static String cell(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  /** Writes the chart; returns its paths. */
  static List<Path> chart(Sweep sweep, String title, double[] recorded, Path directory) {
    List<Sweep.Result> front = sweep.front();
    Optional<Sweep.Result> recommended = sweep.ranked().stream().findFirst();
    List<ParetoChart.Point> points = new ArrayList<>();
    for (Sweep.Result result : sweep.results()) {
      Sweep.Spread cost = result.kpis().get(Kpis.Kpi.REPLICA_SECONDS);
      Sweep.Spread harm = result.kpis().get(Kpis.Kpi.SLO_VIOLATION_SECONDS);
      points.add(
          new ParetoChart.Point(
              result.setting().label(),
              cost.mean(),
              cost.low(),
              cost.high(),
              harm.mean(),
              harm.low(),
              harm.high(),
              result.allPassed(),
              front.contains(result),
              recommended.map(r -> r == result).orElse(false)));
    }
    return ParetoChart.write(title, points, recorded, directory);
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The recommendation's files; their paths. */
  static List<Path> recommendation(
      ProjectPipeline subject, Tuning tuning, Sweep.Result recommended, Path directory) {
    Path patch = directory.resolve("recommended-patch.yaml");
    write(patch, Recommendation.patch(subject, tuning.scenario(), recommended.setting()));
    Path scenario = directory.resolve("recommended-scenario.yaml");
    Double slo = null;
    for (String service : tuning.scenario().services()) {
      double p95 = tuning.sloP95(service);
      slo = slo == null || slo == p95 ? Double.valueOf(p95) : Double.valueOf(Double.NaN);
    }
    write(
        scenario,
        Recommendation.scenario(
            tuning.scenario(), recommended.setting(), slo == null || slo.isNaN() ? null : slo));
    return List.of(patch, scenario);
  }
}
