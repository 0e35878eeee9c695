package io.scaleproof.reports.chart;

import io.scaleproof.reports.history.Kpi;
import io.scaleproof.reports.history.RunHistory;
import io.scaleproof.reports.history.RunHistory.Entry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the trend chart shows of a history: the last runs of one scenario, their entries and the
 * services in them, and which values got worse than the runs before them.
 *
 * @param runs the runs shown, oldest first
 * @param allRuns how many runs the scenario has in the whole history
 * @param entries the scenario's entries of the runs shown
 * @param services the services of the runs shown, by name
 * @param band the regression rule's band (0.25: 25 %)
 */
record TrendWindow(
    RunHistory history,
    String scenario,
    List<Instant> runs,
    int allRuns,
    List<Entry> entries,
    List<String> services,
    double band) {

  /** A value is judged against the median of up to this many runs before it… */
  static final int BASELINE_RUNS = 5;

  /** …and only when at least this many runs before it have one. */
  static final int BASELINE_AT_LEAST = 3;

  static TrendWindow of(RunHistory history, String scenario, int lastRuns, double band) {
    if (lastRuns < 1) {
      throw new IllegalArgumentException("lastRuns must be at least 1, was " + lastRuns);
    }
    if (band < 0) {
      throw new IllegalArgumentException("band must be 0 or more (0.25: 25 %), was " + band);
    }
    List<Instant> all = history.runs(scenario);
    List<Instant> runs = all.subList(Math.max(0, all.size() - lastRuns), all.size());
    Instant first = runs.isEmpty() ? Instant.MAX : runs.get(0);
    List<Entry> entries =
        history.entries().stream()
            .filter(e -> e.scenario().equals(scenario) && !e.at().isBefore(first))
            .toList();
    // By name, as the timeline orders them, so that a service keeps its colour.
    List<String> services = entries.stream().map(Entry::service).distinct().sorted().toList();
    return new TrendWindow(history, scenario, runs, all.size(), entries, services, band);
  }

  /** The service's entry of the KPI in each run shown; null where a run has none. */
  List<Entry> values(String service, Kpi kpi) {
    Map<Instant, Entry> byRun =
        entries.stream()
            .filter(e -> e.service().equals(service) && e.kpi() == kpi)
            .collect(Collectors.toMap(Entry::at, e -> e, (earlier, later) -> later));
    return runs.stream().map(byRun::get).toList();
  }

  /** The highest value of the KPI shown; 0 when there is none. */
  double max(Kpi kpi) {
    return entries.stream().filter(e -> e.kpi() == kpi).mapToDouble(Entry::value).max().orElse(0);
  }

  /**
   * Whether {@code entry} is worse than the median of the runs before it, those left of the chart
   * included, by the rule of {@link RunHistory#worse}.
   */
  boolean regressed(Entry entry) {
    return history.baseline(entry, BASELINE_RUNS, BASELINE_AT_LEAST).stream()
        .anyMatch(baseline -> RunHistory.worse(entry.value(), baseline, band));
  }
}
