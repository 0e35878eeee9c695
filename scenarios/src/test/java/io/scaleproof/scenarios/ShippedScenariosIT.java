package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.Expectations;
import io.scaleproof.scenarios.run.HistoryComparison;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Fault;
import io.scaleproof.scenarios.spec.Faults;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import io.scaleproof.scenarios.spec.Timers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario with the pull-request timers, end to end on the suites' shared pipeline:
 * each passes, but {@code broken-threshold}, which must fail at the decision stage. Each run's KPIs
 * go to the run history ({@code -Dscaleproof.history}, default {@code reports/history.csv}), so
 * that {@code ./scaleproof scenarios} shows its last result. The {@code nightly} scenario, with
 * production timers, runs in NightlyScalingIT.
 */
@Tag("nightly")
@ExtendWith(SharedPipeline.class)
class ShippedScenariosIT {
  @TempDir Path directory;

  /** Every shipped scenario with pr timers, or those {@code -Dscaleproof.scenarios=a,b} names. */
  static Stream<String> scenarios() {
    List<String> chosen =
        List.of(System.getProperty("scaleproof.scenarios", "").split(",")).stream()
            .map(String::strip)
            .filter(name -> !name.isEmpty())
            .toList();
    return ShippedScenarios.all().stream()
        .filter(scenario -> scenario.timers() == Timers.PR)
        .map(Scenario::name)
        .filter(name -> chosen.isEmpty() || chosen.contains(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  @DisplayName("a shipped scenario passes on a working pipeline (the broken one fails)")
  void shippedScenarioRunsAsItSays(String name, PipelineSession session) {
    Scenario scenario = ShippedScenarios.find(name);
    RunOutcome outcome =
        ScenarioRunner.run(scenario, directory.resolve(name), Progress.to(System.out), session);
    Path history = Path.of(System.getProperty("scaleproof.history", "../reports/history.csv"));
    RunFiles.write(outcome, new HistoryComparison(history, 5, 0.25).record(outcome).markdown());
    AllureResults.addToCurrentTest(outcome);
    outcome
        .expectations()
        .forEach(
            e ->
                System.out.printf(
                    "%s: %s %s: %s%n", name, e.passed() ? "PASS" : "FAIL", e.name(), e.detail()));

    if (!scenario.faults().during().isEmpty()) {
      wrongExpectationsFail(scenario, outcome);
    }
    if ("broken-threshold".equals(name)) {
      assertThat(outcome.expectations())
          .filteredOn(expectation -> !expectation.passed())
          .extracting(Expectation::detail)
          .anyMatch(detail -> detail.contains("decision stage late"));
    } else {
      assertThat(outcome.expectations())
          .as("the expectations of " + name)
          .isNotEmpty()
          .allSatisfy(
              expectation -> assertThat(expectation.passed()).as(expectation.detail()).isTrue());
    }
  }

  /**
   * Each expectation of each fault, turned into its opposite and judged on the same recorded run,
   * fails with a message that names the fault and the stage: the expectations can fail, and say
   * where.
   */
  private static void wrongExpectationsFail(Scenario scenario, RunOutcome outcome) {
    Map<String, ProjectPipeline.Thresholds> thresholds =
        ProjectPipeline.shipped().thresholds(scenario);
    for (int i = 0; i < scenario.faults().during().size(); i++) {
      Fault fault = scenario.faults().during().get(i);
      for (Map.Entry<String, Fault.Expect> wrong : opposites(fault.expect()).entrySet()) {
        List<Fault> faults = new ArrayList<>(scenario.faults().during());
        faults.set(i, withExpect(fault, wrong.getValue()));
        Scenario mistaken =
            new Scenario(
                scenario.name(),
                scenario.description(),
                scenario.source(),
                scenario.timers(),
                scenario.services(),
                scenario.load(),
                scenario.pipeline(),
                new Faults(scenario.faults().errorRate(), faults),
                scenario.trigger(),
                scenario.slo());
        assertThat(Expectations.judge(mistaken, outcome.recorded(), thresholds))
            .as("%s: the opposite of '%s' fails", scenario.name(), wrong.getKey())
            .filteredOn(expectation -> !expectation.passed())
            .extracting(Expectation::detail)
            .anySatisfy(
                detail -> assertThat(detail).contains(fault.kind().key()).contains(wrong.getKey()));
      }
    }
  }

  /** Each given expectation's opposite, keyed by the stage its failure names. */
  private static Map<String, Fault.Expect> opposites(Fault.Expect e) {
    Map<String, Fault.Expect> opposites = new LinkedHashMap<>();
    if (e.replicasHold()) {
      // Held replicas never reach a count they did not have.
      opposites.put(
          "replicas reach 99",
          new Fault.Expect(false, 99, Duration.ofSeconds(5), null, null, false, null, null));
    }
    if (e.reach() != null && !Boolean.TRUE.equals(e.fallback())) {
      opposites.put(
          "replicas hold", new Fault.Expect(true, null, null, null, null, false, null, null));
    }
    if (e.fallback() != null) {
      opposites.put(
          "fallback", new Fault.Expect(false, null, null, !e.fallback(), null, false, null, null));
    }
    if (e.scalerErrors() != null) {
      opposites.put(
          "scaler errors",
          new Fault.Expect(false, null, null, null, !e.scalerErrors(), false, null, null));
    }
    if (e.applicationError() != null) {
      opposites.put(
          "application error",
          new Fault.Expect(false, null, null, null, null, false, null, !e.applicationError()));
    }
    return opposites;
  }

  private static Fault withExpect(Fault fault, Fault.Expect expect) {
    return new Fault(
        fault.kind(),
        fault.service(),
        fault.target(),
        fault.at(),
        fault.duration(),
        fault.replicas(),
        fault.latency(),
        fault.share(),
        expect);
  }
}
