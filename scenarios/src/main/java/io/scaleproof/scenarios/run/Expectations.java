package io.scaleproof.scenarios.run;

import static io.scaleproof.assertions.ScalingAssertions.HPA_TOLERANCE;
import static io.scaleproof.assertions.ScalingAssertions.assertThat;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.scenarios.spec.Fault;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.Slo;
import io.scaleproof.scenarios.spec.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scenario's SLO as the assertions over its recorded run, one {@link Expectation} per sentence
 * for each service: it scales up in time and recovers (its windows measured from the first sample
 * past the HPA's tolerance, the first the autoscaler is asked to act on), comes back down after the
 * load, does not flap, keeps its error ratio low and its replicas in bounds; and what it expects
 * while each of its faults lasts ({@link FaultExpectations}).
 */
public final class Expectations {
  private Expectations() {}

  /**
   * @param thresholds each service's thresholds: the scenario's, else its triggers'
   */
  public static List<Expectation> judge(
      Scenario scenario, RecordedRun run, Map<String, ProjectPipeline.Thresholds> thresholds) {
    Slo slo = scenario.slo();
    List<Expectation> judged = new ArrayList<>();
    for (String service : scenario.services()) {
      ServiceFigures figures = assertThat(run).service(service).figures();
      if (scenario.trigger() != Trigger.NONE) {
        judged.add(scaleUp(scenario, run, service, thresholds.get(service), figures));
      }
      judged.add(
          check(
              "%s scales back down within %s after the load stops"
                  .formatted(service, seconds(slo.scaleDownWithin())),
              () ->
                  assertThat(run)
                      .service(service)
                      .afterLoadStops()
                      .scalesDown()
                      .within(slo.scaleDownWithin()),
              "back to %s after %s s"
                  .formatted(
                      replicas(figures.initialReplicas()),
                      seconds(figures.timeToScaleDownSeconds()))));
      judged.add(
          check(
              "%s changes direction at most %d times in %s"
                  .formatted(service, slo.maxDirectionChanges(), seconds(slo.flapWindow())),
              () ->
                  assertThat(run)
                      .service(service)
                      .neverFlaps(slo.maxDirectionChanges(), slo.flapWindow()),
              figures.directionChanges() + " direction changes in the run"));
      // No error signal, nothing to judge: an expectation that cannot fail is not made.
      if (scenario.trigger() != Trigger.ERRORS && thresholds.get(service).errorsMeasured()) {
        judged.add(
            check(
                "%s error ratio stays below %s".formatted(service, number(slo.errorRateBelow())),
                () -> assertThat(run).service(service).errorRateStaysBelow(slo.errorRateBelow()),
                "peak error ratio " + number(figures.peakErrorRatio())));
      }
      judged.add(
          check(
              "%s replicas stay within [%d, %d]"
                  .formatted(service, slo.minReplicas(), slo.maxReplicas()),
              () ->
                  assertThat(run)
                      .service(service)
                      .replicasStayWithin(slo.minReplicas(), slo.maxReplicas()),
              "peak " + replicas(figures.peakReplicas())));
    }
    for (Fault fault : scenario.faults().during()) {
      judged.addAll(FaultExpectations.whileFault(scenario, run, fault));
    }
    return judged;
  }

  /** The scale-up story of the scenario's trigger: from a p95 breach, or an error-ratio one. */
  private static Expectation scaleUp(
      Scenario scenario,
      RecordedRun run,
      String service,
      ProjectPipeline.Thresholds thresholds,
      ServiceFigures figures) {
    Slo slo = scenario.slo();
    if (scenario.trigger() == Trigger.ERRORS) {
      return check(
          ("%s scales up when its error ratio exceeds %s: decision within %s, pods ready within"
                  + " %s, measured from %s (the HPA's tolerance)")
              .formatted(
                  service,
                  number(thresholds.errorRatio()),
                  seconds(slo.decisionWithin()),
                  seconds(slo.readyWithin()),
                  number(thresholds.errorRatio() * (1 + HPA_TOLERANCE))),
          () ->
              assertThat(run)
                  .service(service)
                  .whenErrorRatioExceeds(thresholds.errorRatio())
                  .beyondTolerance(HPA_TOLERANCE)
                  .scalesUp()
                  .decisionWithin(slo.decisionWithin())
                  .readyWithin(slo.readyWithin()),
          "peak error ratio %s, peak %s"
              .formatted(number(figures.peakErrorRatio()), replicas(figures.peakReplicas())));
    }
    return check(
        ("%s scales up when p95 exceeds %s ms: decision within %s, pods ready within %s, p95 back"
                + " under it within %s, measured from p95 past %s ms (the HPA's tolerance)")
            .formatted(
                service,
                number(thresholds.p95Ms()),
                seconds(slo.decisionWithin()),
                seconds(slo.readyWithin()),
                seconds(slo.p95RecoversWithin()),
                number(thresholds.p95Ms() * (1 + HPA_TOLERANCE))),
        () ->
            assertThat(run)
                .service(service)
                .whenP95Exceeds(thresholds.p95Ms())
                .beyondTolerance(HPA_TOLERANCE)
                .scalesUp()
                .decisionWithin(slo.decisionWithin())
                .readyWithin(slo.readyWithin())
                .p95RecoversWithin(slo.p95RecoversWithin()),
        ("scaled up %s s after the first breach (p95 reached past the HPA's tolerance %s s after"
                + " it), p95 recovered after %s s")
            .formatted(
                seconds(figures.timeToScaleUpSeconds()),
                seconds(figures.withinToleranceSeconds()),
                seconds(figures.timeToRecoverySeconds())));
  }

  static Expectation check(String name, Runnable assertion, String figures) {
    try {
      assertion.run();
      return new Expectation(name, true, figures);
    } catch (AssertionError failure) {
      return new Expectation(name, false, failure.getMessage());
    }
  }

  static String seconds(Duration duration) {
    return duration.toSeconds() + " s";
  }

  /** Seconds to a tenth: {@code 5.0}, {@code 63.1}; "n/a" when it never happened. */
  static String seconds(Double value) {
    return value == null
        ? "n/a"
        : java.math.BigDecimal.valueOf(value)
            .setScale(1, java.math.RoundingMode.HALF_UP)
            .toPlainString();
  }

  static String replicas(Integer count) {
    return count == null ? "n/a replicas" : count + (count == 1 ? " replica" : " replicas");
  }

  static String number(Double value) {
    if (value == null) {
      return "n/a";
    }
    return java.math.BigDecimal.valueOf(value)
        .setScale(value >= 10 ? 1 : 3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
