package io.scaleproof.scenarios.cli;

import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.HistoryComparison;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * How {@code scaleproof run} ends a run that was judged: the KPIs appended to the history and
 * compared with it, the run's files written, each expectation printed, and the exit code.
 */
public final class RunVerdict {
  private RunVerdict() {}

  /**
   * Records, writes and prints {@code outcome}.
   *
   * @return 0 when every expectation held, 1 when one failed
   */
  public static int conclude(RunOutcome outcome, HistoryComparison history, PrintWriter out) {
    HistoryComparison.Found compared = history.record(outcome);
    Path summary = RunFiles.write(outcome, compared.markdown());
    out.println();
    for (Expectation expectation : outcome.expectations()) {
      out.printf(
          "%s  %s%n      %s%n",
          expectation.passed() ? "PASS" : "FAIL", expectation.name(), expectation.detail());
    }
    out.println();
    out.println("summary:      " + summary);
    outcome.loadReport().ifPresent(report -> out.println("load report:  " + report));
    out.println(
        outcome.passed()
            ? "scaleproof: every expectation held"
            : "scaleproof: "
                + outcome.expectations().stream().filter(e -> !e.passed()).count()
                + " expectation(s) failed");
    compared.regressions().forEach(regression -> out.println("regression:   " + regression));
    out.println("history:      " + history.history());
    out.flush();
    return outcome.passed() ? ScaleproofCommand.PASSED : ScaleproofCommand.FAILED;
  }
}
