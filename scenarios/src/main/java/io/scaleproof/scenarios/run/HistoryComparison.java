package io.scaleproof.scenarios.run;

import io.scaleproof.reports.chart.TrendChart;
import io.scaleproof.reports.history.RunHistory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A run compared with the earlier runs of its scenario in a history file, then added to it: the
 * KPIs that got worse than the median of the last {@code runs} runs by more than {@code band}, and
 * the KPI trend chart ({@code trends.png}, {@code trends.svg}) in the run's directory. The command
 * line and the nightly suite keep their history the same way.
 *
 * @param history the history file; rows are only ever appended to it
 * @param runs how many earlier runs the median is of
 * @param band how much worse than the median counts as a regression (0.25: 25 %)
 */
public record HistoryComparison(Path history, int runs, double band) {
  /** The runs the trend chart shows. */
  private static final int TREND_RUNS = 30;

  /** What the comparison found: the regressions, and the summary page's paragraph on them. */
  public record Found(List<RunHistory.Regression> regressions, String markdown) {}

  /**
   * The history as it is, so that a file that is not one stops a run before it starts.
   *
   * @throws IllegalArgumentException naming the file and line when it is not a run history
   */
  public RunHistory load() {
    return RunHistory.load(history);
  }

  /** Compares the run with the history, appends it, and draws the trends into its directory. */
  public Found record(RunOutcome outcome) {
    String scenario = outcome.scenario().name();
    RunHistory before = load();
    List<RunHistory.Regression> regressions =
        before.regressions(scenario, outcome.figures(), runs, band);
    RunHistory after = before.append(Instant.now(), scenario, outcome.passed(), outcome.figures());
    TrendChart.write(after, scenario, TREND_RUNS, band, outcome.directory());
    return new Found(regressions, markdown(regressions));
  }

  private String markdown(List<RunHistory.Regression> regressions) {
    StringBuilder text =
        new StringBuilder(
            "Compared with the median of the last %d runs of this scenario in `%s` (band %.0f %%): "
                .formatted(runs, history, band * 100));
    if (regressions.isEmpty()) {
      text.append("no KPI regressed (or there are fewer runs than that yet).\n");
    } else {
      text.append("\n\n");
      regressions.forEach(
          regression -> text.append("- **regression** ").append(regression).append('\n'));
    }
    text.append("\n![each KPI across the last runs; a red ring marks a regression](trends.png)\n");
    return text.toString();
  }
}
