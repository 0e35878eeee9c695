package io.scaleproof.scenarios.run;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;

import io.scaleproof.assertions.FaultAssert;
import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.scenarios.spec.Fault;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.Slo;
import io.scaleproof.scenarios.spec.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A scenario's SLO as the assertions over its recorded run, one {@link Expectation} per sentence
 * for each service: it scales up in time and recovers, comes back down after the load, does not
 * flap, keeps its error ratio low and its replicas in bounds.
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
      judged.addAll(whileFault(scenario, run, fault));
    }
    return judged;
  }

  /** What the scenario expects of the autoscaling while {@code fault} lasts, service by service. */
  private static List<Expectation> whileFault(Scenario scenario, RecordedRun run, Fault fault) {
    Fault.Expect expect = fault.expect();
    String kind = fault.kind().key();
    List<Expectation> judged = new ArrayList<>();
    List<String> services =
        fault.service() == null ? scenario.services() : List.of(fault.service());
    for (String service : services) {
      String which = "while " + fault.label() + ", " + service;
      Supplier<FaultAssert> during = () -> assertThat(run).service(service).whileFault(kind);
      String seen = seenWhile(run, service, kind);
      if (expect.replicasHold()) {
        judged.add(check(which + " holds its replicas", () -> during.get().replicasHold(), seen));
      }
      if (expect.reach() != null) {
        boolean fallback = Boolean.TRUE.equals(expect.fallback());
        judged.add(
            check(
                "%s %s %s within %s"
                    .formatted(
                        which,
                        fallback ? "falls back to" : "goes to",
                        replicas(expect.reach()),
                        seconds(expect.reachWithin())),
                () ->
                    (fallback
                            ? during.get().fallsBackTo(expect.reach())
                            : during.get().reaches(expect.reach()))
                        .within(expect.reachWithin()),
                seen));
      } else if (expect.fallback() != null && expect.fallback()) {
        judged.add(
            check(
                which + " falls back (the ScaledObject's Fallback condition turns True)",
                () -> during.get().fallbackActivates(),
                seen));
      }
      if (Boolean.FALSE.equals(expect.fallback())) {
        judged.add(check(which + " never falls back", () -> during.get().fallbackStaysOff(), seen));
      }
      if (expect.scalerErrors() != null) {
        judged.add(
            expect.scalerErrors()
                ? check(
                    which + ": KEDA reports the trigger failing",
                    () -> during.get().scalerFails(),
                    seen)
                : check(
                    which + ": KEDA's trigger keeps answering",
                    () -> during.get().scalerKeepsAnswering(),
                    seen));
      }
      if (expect.neverScalesDownUnderLoad()) {
        judged.add(
            check(
                which + " never scales down under load",
                () -> during.get().neverScalesDownUnderLoad(),
                seen));
      }
      if (expect.recoversWithin() != null) {
        judged.add(
            check(
                "after %s, %s is whole again within %s"
                    .formatted(fault.label(), service, seconds(expect.recoversWithin())),
                () -> during.get().afterFault().recoversWithin(expect.recoversWithin()),
                seen));
      }
    }
    if (expect.applicationError() != null) {
      judged.add(applicationError(run, fault, expect.applicationError()));
    }
    return judged;
  }

  /**
   * What the service did while the first fault of {@code kind} lasted, for the report: its replicas
   * at the start and the end, their range, and when KEDA failed or fell back.
   */
  static String seenWhile(RecordedRun run, String service, String kind) {
    Optional<FaultWindow> found =
        run.faults().stream().filter(w -> w.kind().equals(kind) && w.concerns(service)).findFirst();
    if (found.isEmpty() || run.services().get(service) == null) {
      return "the run made no " + kind;
    }
    FaultWindow window = found.get();
    List<Sample> during =
        run.services().get(service).samples().stream()
            .filter(
                s ->
                    s.at().isAfter(window.started())
                        && (window.ended() == null || !s.at().isAfter(window.ended())))
            .toList();
    if (during.isEmpty()) {
      return "no sample while it lasted";
    }
    IntSummaryStatistics replicas = during.stream().mapToInt(Sample::replicas).summaryStatistics();
    StringBuilder seen =
        new StringBuilder(
            "replicas %d at its start, %d at its end (%d–%d)"
                .formatted(
                    during.get(0).replicas(),
                    during.get(during.size() - 1).replicas(),
                    replicas.getMin(),
                    replicas.getMax()));
    during.stream()
        .filter(s -> Boolean.TRUE.equals(s.scalerError()))
        .findFirst()
        .ifPresent(s -> seen.append("; KEDA failing from ").append(offset(run, s.at())));
    during.stream()
        .filter(s -> Boolean.TRUE.equals(s.fallback()))
        .findFirst()
        .ifPresent(s -> seen.append("; fallback from ").append(offset(run, s.at())));
    return seen.toString();
  }

  /**
   * An instant as its offset from the load's start, as the assertions write it: {@code t+60.0s}.
   */
  static String offset(RecordedRun run, Instant at) {
    return String.format(
        Locale.ROOT, "t%+.1fs", Duration.between(run.loadStarted(), at).toMillis() / 1000.0);
  }

  /** Whether the Argo CD Application showed the broken commit's error while it lasted. */
  private static Expectation applicationError(RecordedRun run, Fault fault, boolean expected) {
    String name =
        "while "
            + fault.label()
            + ", the Argo CD Application "
            + (expected ? "shows the error" : "shows no error");
    Optional<FaultWindow> window =
        run.faults().stream().filter(w -> w.kind().equals(fault.kind().key())).findFirst();
    if (window.isEmpty()) {
      return new Expectation(name, false, fault.label() + ": the run made no such fault");
    }
    String observed = window.get().observed();
    boolean shown = observed != null;
    return new Expectation(
        name,
        shown == expected,
        fault.label()
            + ": application error: "
            + (shown ? "the Application showed: " + observed : "the Application showed no error"));
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
          "%s scales up when its error ratio exceeds %s: decision within %s, pods ready within %s"
              .formatted(
                  service,
                  number(thresholds.errorRatio()),
                  seconds(slo.decisionWithin()),
                  seconds(slo.readyWithin())),
          () ->
              assertThat(run)
                  .service(service)
                  .whenErrorRatioExceeds(thresholds.errorRatio())
                  .scalesUp()
                  .decisionWithin(slo.decisionWithin())
                  .readyWithin(slo.readyWithin()),
          "peak error ratio %s, peak %s"
              .formatted(number(figures.peakErrorRatio()), replicas(figures.peakReplicas())));
    }
    return check(
        "%s scales up when p95 exceeds %s ms: decision within %s, pods ready within %s, p95 back under it within %s"
            .formatted(
                service,
                number(thresholds.p95Ms()),
                seconds(slo.decisionWithin()),
                seconds(slo.readyWithin()),
                seconds(slo.p95RecoversWithin())),
        () ->
            assertThat(run)
                .service(service)
                .whenP95Exceeds(thresholds.p95Ms())
                .scalesUp()
                .decisionWithin(slo.decisionWithin())
                .readyWithin(slo.readyWithin())
                .p95RecoversWithin(slo.p95RecoversWithin()),
        "scaled up %s s after the first breach, p95 recovered after %s s"
            .formatted(
                seconds(figures.timeToScaleUpSeconds()), seconds(figures.timeToRecoverySeconds())));
  }

  private static Expectation check(String name, Runnable assertion, String figures) {
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
