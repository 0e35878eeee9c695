package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.ServiceFigures;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a live confirmation of a tuned setting found: each KPI the twin predicted (mean and the
 * seeds' range) beside what the live run observed, and the error, as Markdown written to {@code
 * confirm-<k>.md}.
 */
final class ConfirmationReport {
  private ConfirmationReport() {}

  /** Writes the comparison of {@code candidate}'s prediction with the live run; its Markdown. */
  static String write(
      Tune.Candidate candidate,
      boolean passed,
      List<ServiceFigures> live,
      Path directory,
      int index) {
    List<Kpis> kpis = live.stream().map(Kpis::of).toList();
    Kpis observed = Kpis.combined(kpis);
    StringBuilder text = new StringBuilder();
    text.append("\nConfirmed live: ")
        .append(candidate.label())
        .append(" — the run ")
        .append(passed ? "passed" : "FAILED")
        .append(" (the twin predicted ")
        .append(candidate.predicted().passed())
        .append('/')
        .append(candidate.predicted().seeds())
        .append(" seeds passing)\n\n| KPI | predicted (mean, seeds' range) | observed | error |\n")
        .append("|---|---|---|---|\n");
    for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
      Sweep.Spread spread = candidate.predicted().kpis().get(kpi);
      Double value = kpi.of(observed);
      String error =
          spread.mean() == null || value == null
              ? "-"
              : kpi == Kpis.Kpi.REPLICA_SECONDS || kpi == Kpis.Kpi.SLO_VIOLATION_SECONDS
                  ? String.format(
                      Locale.ROOT,
                      "%+.1f (%+.0f %%)",
                      spread.mean() - value,
                      value == 0 ? 0 : 100 * (spread.mean() - value) / value)
                  : String.format(Locale.ROOT, "%+.1f", spread.mean() - value);
      text.append("| ")
          .append(kpi.label())
          .append(" | ")
          .append(spread.text())
          .append(" | ")
          .append(Fidelity.number(value))
          .append(" | ")
          .append(error)
          .append(" |\n");
    }
    TuneReport.write(
        directory.resolve("confirm-" + index + ".md"), "# " + candidate.label() + "\n" + text);
    return text.toString();
  }
}
