package io.scaleproof.scenarios.junit;

import io.scaleproof.assertions.ScalingAssertions;
import io.scaleproof.assertions.ServiceAssert;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.RunOutcome;
import java.util.List;

/**
 * Assertions on a run of a scenario: that every expectation its file declares held, and the scaling
 * DSL ({@link ScalingAssertions}) on its recorded timeline for checks of the test's own.
 */
public final class RunOutcomeAssert {
  private final RunOutcome outcome;

  private RunOutcomeAssert(RunOutcome outcome) {
    this.outcome = outcome;
  }

  public static RunOutcomeAssert assertThat(RunOutcome outcome) {
    return new RunOutcomeAssert(outcome);
  }

  /**
   * Every expectation of the scenario held.
   *
   * @throws AssertionError naming each that failed, with what was seen, and the run's files
   */
  public RunOutcomeAssert holdsItsExpectations() {
    List<Expectation> failed = outcome.expectations().stream().filter(e -> !e.passed()).toList();
    if (!failed.isEmpty()) {
      StringBuilder message =
          new StringBuilder("scenario ")
              .append(outcome.scenario().name())
              .append(": ")
              .append(failed.size())
              .append(" expectation(s) failed");
      failed.forEach(
          e -> message.append("\n  FAIL ").append(e.name()).append("\n       ").append(e.detail()));
      message.append("\n  the run's files: ").append(outcome.directory());
      throw new AssertionError(message.toString());
    }
    return this;
  }

  /** The scaling DSL on {@code service}'s recorded timeline. */
  public ServiceAssert service(String service) {
    return ScalingAssertions.assertThat(outcome.recorded()).service(service);
  }
}
