package io.scaleproof.scenarios.tune;

import io.scaleproof.scenarios.spec.PipelineChanges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every combination of the {@code --vary} values, each run on the virtual clock with several seeds:
 * the KPIs across seeds, whether every seed passes the scenario's expectations, the Pareto front of
 * harm (seconds above the SLO) against cost (replica-seconds), each knob's effect on each KPI, and
 * the recommended setting.
 *
 * <p>The recommendation is the cheapest setting (least mean replica-seconds; then fewest seconds
 * above the SLO) whose every seed passes the scenario's expectations. None passing, there is none.
 */
public final class Sweep {
  /** More combinations than this are refused: a typo, or a sweep for a cluster, not a laptop. */
  public static final int MAX_SETTINGS = 20_000;

  /** One combination: a value per varied knob, in the order they were given. */
  public record Setting(Map<Knob, Double> values) {
    public Setting {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code p95ThresholdMs=175 maxReplicaCount=4}. */
    public String label() {
      return values.entrySet().stream()
          .map(e -> e.getKey().key() + "=" + e.getKey().format(e.getValue()))
          .collect(Collectors.joining(" "));
    }

    /** {@code base} with this setting's values. */
    public PipelineChanges applyTo(PipelineChanges base) {
      PipelineChanges changes = base;
      for (Map.Entry<Knob, Double> entry : values.entrySet()) {
        changes = entry.getKey().apply(changes, entry.getValue());
      }
      return changes;
    }
  }

  /** A KPI across seeds: mean, lowest, highest; null when some seed never saw it happen. */
  public record Spread(Double mean, Double low, Double high, int missing) {
    static Spread of(List<Double> values) {
      List<Double> present = values.stream().filter(v -> v != null).toList();
      if (present.isEmpty()) {
        return new Spread(null, null, null, values.size());
      }
      double mean = present.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double low = present.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double high = present.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      return new Spread(mean, low, high, values.size() - present.size());
    }

    String text() {
      if (mean == null) {
        return "never";
      }
      String range =
          low.equals(high) ? "" : " (" + Fidelity.number(low) + "–" + Fidelity.number(high) + ")";
      return Fidelity.number(mean) + range + (missing > 0 ? ", " + missing + " seeds never" : "");
    }
  }

  /**
   * One setting's outcome.
   *
   * @param kpis each KPI across seeds (services combined: costs summed, times the worst)
   * @param passed how many seeds passed the scenario's expectations
   * @param seeds how many seeds ran
   * @param flags where the prediction leaves what the calibration saw
   */
  public record Result(
      Setting setting, Map<Kpis.Kpi, Spread> kpis, int passed, int seeds, List<String> flags) {
    public boolean allPassed() {
      return passed == seeds;
    }

    double replicaSeconds() {
      return kpis.get(Kpis.Kpi.REPLICA_SECONDS).mean();
    }

    double violationSeconds() {
      return kpis.get(Kpis.Kpi.SLO_VIOLATION_SECONDS).mean();
    }
  }

  private final List<Result> results;
  private final List<Vary> varies;

  private Sweep(List<Result> results, List<Vary> varies) {
    this.results = List.copyOf(results);
    this.varies = List.copyOf(varies);
  }

  /** The combinations of {@code varies}, in order, the last knob varying fastest. */
  public static List<Setting> settings(List<Vary> varies) {
    List<Map<Knob, Double>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (Vary vary : varies) {
      List<Map<Knob, Double>> next = new ArrayList<>();
      for (Map<Knob, Double> combination : combinations) {
        for (double value : vary.values()) {
          Map<Knob, Double> extended = new LinkedHashMap<>(combination);
          extended.put(vary.knob(), value);
          next.add(extended);
        }
      }
      combinations = next;
    }
    return combinations.stream().map(Setting::new).toList();
  }

  /**
   * Runs every setting with seeds 1..{@code seeds}.
   *
   * @param maxReplicasSeen each service's highest replica count in the calibrating run
   * @param loadFlag a flag every setting carries (the load leaves the calibrated range), or null
   */
  public static Sweep run(
      Tuning tuning,
      List<Vary> varies,
      int seeds,
      Map<String, Integer> maxReplicasSeen,
      String loadFlag) {
    List<Setting> settings = settings(varies);
    PipelineChanges base = tuning.scenario().pipeline();
    List<Result> results =
        settings.parallelStream()
            .map(setting -> result(tuning, setting, base, seeds, maxReplicasSeen, loadFlag))
            .toList();
    return new Sweep(results, varies);
  }

  private static Result result(
      Tuning tuning,
      Setting setting,
      PipelineChanges base,
      int seeds,
      Map<String, Integer> maxReplicasSeen,
      String loadFlag) {
    Map<String, TwinSettings> twinSettings = tuning.settings(setting.applyTo(base));
    List<Tuning.Draw> draws = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      draws.add(tuning.draw(twinSettings, seed, false));
    }
    Map<Kpis.Kpi, Spread> kpis = new EnumMap<>(Kpis.Kpi.class);
    for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
      kpis.put(kpi, Spread.of(draws.stream().map(d -> kpi.of(d.combined())).toList()));
    }
    int passed = (int) draws.stream().filter(Tuning.Draw::passed).count();
    List<String> flags = new ArrayList<>();
    if (loadFlag != null) {
      flags.add(loadFlag);
    }
    for (String service : tuning.scenario().services()) {
      int seen = maxReplicasSeen.getOrDefault(service, 0);
      int reached =
          (int)
              draws.stream().mapToDouble(d -> d.kpis().get(service).peakReplicas()).max().orElse(0);
      if (reached > seen) {
        flags.add(
            "%s reaches %d replicas; the run saw at most %d (their capacity and start are"
                    .formatted(service, reached, seen)
                + " extrapolated)");
      }
      if (twinSettings.get(service).spec().minReplicaCount() == 0) {
        flags.add(service + " may scale to zero: cold starts are not calibrated");
      }
    }
    return new Result(setting, kpis, passed, seeds, flags);
  }

  public List<Result> results() {
    return results;
  }

  public List<Vary> varies() {
    return varies;
  }

  /** The settings no other is at least as good as on both cost and harm, and better on one. */
  public List<Result> front() {
    List<Result> front = new ArrayList<>();
    for (Result candidate : results) {
      boolean dominated = false;
      for (Result other : results) {
        if (other != candidate
            && other.replicaSeconds() <= candidate.replicaSeconds()
            && other.violationSeconds() <= candidate.violationSeconds()
            && (other.replicaSeconds() < candidate.replicaSeconds()
                || other.violationSeconds() < candidate.violationSeconds())) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(candidate);
      }
    }
    front.sort(Comparator.comparingDouble(Result::replicaSeconds));
    return front;
  }

  /** The settings that pass in every seed, cheapest first: the first is the recommendation. */
  public List<Result> ranked() {
    return results.stream()
        .filter(Result::allPassed)
        .sorted(
            Comparator.comparingDouble(Result::replicaSeconds)
                .thenComparingDouble(Result::violationSeconds))
        .toList();
  }

  /**
   * Each varied knob's effect on each KPI: the range of the KPI's mean over the settings that share
   * a value of the knob, from its lowest to its highest (the main effect).
   */
  public Map<Knob, Map<Kpis.Kpi, double[]>> sensitivity() {
    Map<Knob, Map<Kpis.Kpi, double[]>> effects = new LinkedHashMap<>();
    for (Vary vary : varies) {
      if (vary.values().size() < 2) {
        continue;
      }
      Map<Kpis.Kpi, double[]> byKpi = new EnumMap<>(Kpis.Kpi.class);
      for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (double value : vary.values()) {
          double mean =
              results.stream()
                  .filter(r -> r.setting().values().get(vary.knob()) == value)
                  .map(r -> r.kpis().get(kpi).mean())
                  .filter(v -> v != null)
                  .mapToDouble(Double::doubleValue)
                  .average()
                  .orElse(Double.NaN);
          if (!Double.isNaN(mean)) {
            low = Math.min(low, mean);
            high = Math.max(high, mean);
          }
        }
        if (low <= high) {
          byKpi.put(kpi, new double[] {low, high});
        }
      }
      effects.put(vary.knob(), byKpi);
    }
    return effects;
  }

  /** The table of every setting, as Markdown. */
  public String markdown() {
    List<Result> front = front();
    List<Result> ranked = ranked();
    StringBuilder text = new StringBuilder("| setting |");
    for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
      text.append(' ').append(kpi.label()).append(" |");
    }
    text.append(" seeds passing | Pareto | flags |\n|---|");
    text.append("---|".repeat(Kpis.Kpi.values().length)).append("---|---|---|\n");
    for (Result result : results) {
      text.append("| ")
          .append(
              !ranked.isEmpty() && ranked.get(0) == result
                  ? "**" + result.setting().label() + "** (recommended)"
                  : result.setting().label())
          .append(" |");
      for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
        text.append(' ').append(result.kpis().get(kpi).text()).append(" |");
      }
      text.append(String.format(Locale.ROOT, " %d/%d |", result.passed(), result.seeds()));
      text.append(front.contains(result) ? " yes |" : " |");
      text.append(' ').append(String.join("; ", result.flags())).append(" |\n");
    }
    return text.toString();
  }
}
