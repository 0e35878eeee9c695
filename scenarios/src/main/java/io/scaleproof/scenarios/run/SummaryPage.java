package io.scaleproof.scenarios.run;

import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.reports.KpiTable;

/** A run's summary for a person: the verdict, the chart, each expectation, the KPIs. */
final class SummaryPage {
  private SummaryPage() {}

  static String markdown(RunOutcome outcome, String comparison) {
    StringBuilder page = new StringBuilder();
    page.append("# scaleproof run: ")
        .append(outcome.scenario().name())
        .append(outcome.passed() ? " — passed" : " — FAILED")
        .append("\n\n");
    if (!outcome.scenario().description().isEmpty()) {
      page.append(outcome.scenario().description()).append("\n\n");
    }
    page.append("- backend: ").append(outcome.backend()).append('\n');
    page.append("- load, per service: ").append(outcome.scenario().load().describe()).append('\n');
    page.append("- load from ")
        .append(outcome.recorded().loadStarted())
        .append(" to ")
        .append(outcome.recorded().loadStopped())
        .append("\n\n");
    page.append("![timeline: replicas, p95, request rate and error ratio](timeline.png)\n\n");
    if (!outcome.recorded().faults().isEmpty()) {
      page.append("## Faults\n\n");
      page.append("| fault | made on | from | to | seen |\n|---|---|---|---|---|\n");
      for (FaultWindow fault : outcome.recorded().faults()) {
        page.append("| ")
            .append(fault.label())
            .append(" | ")
            .append(fault.target())
            .append(" | ")
            .append(FaultExpectations.offset(outcome.recorded(), fault.started()))
            .append(" | ")
            .append(
                fault.ended() == null
                    ? "end of run"
                    : FaultExpectations.offset(outcome.recorded(), fault.ended()))
            .append(" | ")
            .append(fault.observed() == null ? "" : fault.observed().replace("|", "\\|"))
            .append(" |\n");
      }
      page.append('\n');
    }
    page.append("## Expectations\n\n");
    for (Expectation expectation : outcome.expectations()) {
      page.append("- ")
          .append(expectation.passed() ? "PASS " : "**FAIL** ")
          .append(expectation.name())
          .append(": ")
          .append(expectation.detail())
          .append('\n');
    }
    page.append("\n## KPIs\n\n");
    page.append(
        "Each stage's lag: the clients' breach (the p95 the load's clients saw over the rules' 30 s"
            + " window first above the threshold) → the metric's breach (the p95 recording rule"
            + " first above it: the metric became visible) → decision (the autoscaler asked for"
            + " more replicas) → pods ready → p95 back under the threshold. The scaling windows"
            + " count from the metric's breach.\n\n");
    page.append(KpiTable.markdown(outcome.figures()));
    if (!comparison.isEmpty()) {
      page.append("\n## Compared with earlier runs\n\n").append(comparison);
    }
    page.append("\nFiles: `summary.json`, `timeline.json`, `timeline.csv`, `timeline.svg`");
    outcome
        .loadReport()
        .ifPresent(
            report ->
                page.append(", Gatling's report `")
                    .append(outcome.directory().relativize(report))
                    .append('`'));
    page.append(".\n");
    return page.toString();
  }
}
