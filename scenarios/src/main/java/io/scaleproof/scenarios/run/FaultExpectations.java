package io.scaleproof.scenarios.run;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static io.scaleproof.scenarios.run.Expectations.check;
import static io.scaleproof.scenarios.run.Expectations.replicas;
import static io.scaleproof.scenarios.run.Expectations.seconds;

import io.scaleproof.assertions.FaultAssert;
import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.scenarios.spec.Fault;
import io.scaleproof.scenarios.spec.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a scenario expects of the autoscaling while one of its faults lasts, as the {@code
 * whileFault} assertions over the recorded run: replicas held or reached, fallback, the scaler's
 * errors, no scale-down under load, the recovery after it, the Application's error for a broken
 * commit — each with the figures seen while the fault lasted.
 */
final class FaultExpectations {
  private FaultExpectations() {}

  /** What the scenario expects of the autoscaling while {@code fault} lasts, service by service. */
  static List<Expectation> whileFault(Scenario scenario, RecordedRun run, Fault fault) {
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
}
