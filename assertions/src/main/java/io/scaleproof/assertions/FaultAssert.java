package io.scaleproof.assertions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Assertions on what one service's autoscaling did while a fault lasted, and after it:
 *
 * <pre>{@code
 * assertThat(run).service("java-app").whileFault("prometheusDown")
 *     .replicasHold()
 *     .neverScalesDownUnderLoad()
 *     .scalerFails()
 *     .afterFault().recoversWithin(Duration.ofSeconds(30));
 *
 * assertThat(run).service("java-app").whileFault("prometheusDown")
 *     .fallsBackTo(3).within(Duration.ofSeconds(20));
 * }</pre>
 *
 * <p>Immutable; every check runs when called and throws {@link AssertionError} whose message starts
 * with the service, the fault and its window, then the stage: {@code "java-app: while
 * prometheusDown (t+40.0s..t+80.0s): replicas hold: ..."}.
 */
public final class FaultAssert {

  private final Subject subject;
  private final FaultWindow fault;

  FaultAssert(Subject subject, FaultWindow fault) {
    this.subject = subject;
    this.fault = fault;
  }

  /**
   * Checks that the replica count does not change while the fault lasts, from the first sample
   * after it started (a decision made before it may show a moment late) to its end.
   *
   * @throws AssertionError ("replicas hold") naming the first change
   */
  public FaultAssert replicasHold() {
    List<Sample> during = during();
    if (during.isEmpty()) {
      throw broken("replicas hold", "no sample was recorded while it lasted");
    }
    int held = during.get(0).replicas();
    during.stream()
        .filter(s -> s.replicas() != held)
        .findFirst()
        .ifPresent(
            changed -> {
              throw broken(
                  "replicas hold",
                  String.format(
                      "replicas went %d→%d at %s; %s",
                      held,
                      changed.replicas(),
                      subject.t(changed.at()),
                      seen(during, changed.at())));
            });
    return this;
  }

  /**
   * Starts the check that the autoscaler moves the replicas to {@code replicas} while the fault
   * lasts (an answer to a drift, a fall to the minimum, ...), and holds them there to its end.
   */
  public ReachAssert reaches(int replicas) {
    return new ReachAssert(replicas, false);
  }

  /**
   * Starts the check that KEDA's fallback takes over: the ScaledObject's Fallback condition turns
   * True and the replicas move to {@code replicas} (the fallback's count) and hold there to the
   * fault's end.
   */
  public ReachAssert fallsBackTo(int replicas) {
    return new ReachAssert(replicas, true);
  }

  /**
   * Checks that no replica is removed while the fault lasts and the load runs: the dangerous answer
   * to a broken pipeline is to read its silence as no load.
   *
   * @throws AssertionError ("scale-down under load") naming the first step down
   */
  public FaultAssert neverScalesDownUnderLoad() {
    Instant loadStopped = subject.run().loadStopped();
    Instant end =
        fault.ended() == null || loadStopped.isBefore(fault.ended()) ? loadStopped : fault.ended();
    List<Sample> window =
        subject.samples().stream()
            .filter(s -> !s.at().isBefore(fault.started()) && !s.at().isAfter(end))
            .toList();
    ReplicaChange.in(window).stream()
        .filter(change -> change.to() < change.from())
        .findFirst()
        .ifPresent(
            down -> {
              throw broken(
                  "scale-down under load",
                  String.format(
                      "replicas went %d→%d at %s while the load ran; %s",
                      down.from(), down.to(), subject.t(down.at()), seen(window, down.at())));
            });
    return this;
  }

  /**
   * Checks that KEDA reported the service's trigger failing at some sample while the fault lasted.
   *
   * @throws AssertionError ("scaler errors") when it never did, or was not recorded
   */
  public FaultAssert scalerFails() {
    requireRecorded(Sample::scalerError, "scaler errors", "KEDA's trigger health");
    if (during().stream().noneMatch(s -> Boolean.TRUE.equals(s.scalerError()))) {
      throw broken(
          "scaler errors",
          "KEDA never reported the trigger failing while it lasted; " + seen(during(), end()));
    }
    return this;
  }

  /**
   * Checks that KEDA never reported the service's trigger failing while the fault lasted: the fault
   * did not reach the metric.
   *
   * @throws AssertionError ("scaler errors") naming the first failing sample
   */
  public FaultAssert scalerKeepsAnswering() {
    requireRecorded(Sample::scalerError, "scaler errors", "KEDA's trigger health");
    firstWhere(s -> Boolean.TRUE.equals(s.scalerError()))
        .ifPresent(
            failing -> {
              throw broken(
                  "scaler errors",
                  "KEDA reported the trigger failing at " + subject.t(failing.at()));
            });
    return this;
  }

  /**
   * Checks that the ScaledObject's Fallback condition turned True at some sample while the fault
   * lasted.
   *
   * @throws AssertionError ("fallback") when it never did, or was not recorded
   */
  public FaultAssert fallbackActivates() {
    requireRecorded(Sample::fallback, "fallback", "the ScaledObject's Fallback condition");
    if (firstWhere(s -> Boolean.TRUE.equals(s.fallback())).isEmpty()) {
      throw broken(
          "fallback",
          "the ScaledObject's Fallback condition never turned True; " + seen(during(), end()));
    }
    return this;
  }

  /**
   * Checks that the ScaledObject's Fallback condition never turned True while the fault lasted.
   *
   * @throws AssertionError ("fallback") naming the first sample that showed it
   */
  public FaultAssert fallbackStaysOff() {
    requireRecorded(Sample::fallback, "fallback", "the ScaledObject's Fallback condition");
    firstWhere(s -> Boolean.TRUE.equals(s.fallback()))
        .ifPresent(
            on -> {
              throw broken(
                  "fallback",
                  "the ScaledObject's Fallback condition was True at " + subject.t(on.at()));
            });
    return this;
  }

  /** Starts the recovery story, measured from the fault's end. */
  public FaultRecoveryAssert afterFault() {
    if (fault.ended() == null) {
      throw broken("recovery", "the fault was never undone: the run ended while it lasted");
    }
    return new FaultRecoveryAssert(this, subject, fault);
  }

  /** The check that the replicas reach a count while the fault lasts and hold it. */
  public final class ReachAssert {
    private final int replicas;
    private final boolean fallback;

    private ReachAssert(int replicas, boolean fallback) {
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas: must not be negative, was " + replicas);
      }
      this.replicas = replicas;
      this.fallback = fallback;
    }

    /**
     * @param window from the fault's start, by when the replicas are at the count
     * @throws AssertionError ("fallback" or "replicas reach N") when the count came late or not at
     *     all, or was left before the fault ended; or, for a fallback, when the ScaledObject's
     *     Fallback condition never turned True
     */
    public FaultAssert within(Duration window) {
      Subject.requireWindow("window", window);
      String stage = fallback ? "fallback to " + replicas : "replicas reach " + replicas;
      Instant deadline = fault.started().plus(window);
      List<Sample> during = during();
      Sample reached =
          during.stream()
              .filter(s -> s.replicas() == replicas)
              .findFirst()
              .orElseThrow(
                  () -> broken(stage, "never reached while it lasted; " + seen(during, end())));
      if (reached.at().isAfter(deadline)) {
        throw broken(
            stage,
            String.format(
                "reached at %s, %s after the fault started (at most %s); %s",
                subject.t(reached.at()),
                Subject.seconds(Duration.between(fault.started(), reached.at())),
                Subject.seconds(window),
                seen(during, deadline)));
      }
      during.stream()
          .filter(s -> s.at().isAfter(reached.at()) && s.replicas() != replicas)
          .findFirst()
          .ifPresent(
              left -> {
                throw broken(
                    stage,
                    String.format(
                        "reached at %s but left for %d at %s, before the fault ended",
                        subject.t(reached.at()), left.replicas(), subject.t(left.at())));
              });
      if (fallback) {
        requireRecorded(Sample::fallback, stage, "the ScaledObject's Fallback condition");
        if (during.stream().noneMatch(s -> Boolean.TRUE.equals(s.fallback()))) {
          throw broken(
              stage,
              "the replicas reached "
                  + replicas
                  + ", but the ScaledObject's Fallback condition never turned True");
        }
      }
      return FaultAssert.this;
    }
  }

  /** The samples from the fault's start to its end (or the recording's end while it lasts). */
  private List<Sample> during() {
    Instant end = end();
    return subject.samples().stream()
        .filter(s -> s.at().isAfter(fault.started()) && !s.at().isAfter(end))
        .toList();
  }

  private Instant end() {
    if (fault.ended() != null) {
      return fault.ended();
    }
    List<Sample> samples = subject.samples();
    return samples.isEmpty() ? fault.started() : samples.get(samples.size() - 1).at();
  }

  private Optional<Sample> firstWhere(Predicate<Sample> which) {
    return during().stream().filter(which).findFirst();
  }

  private void requireRecorded(
      java.util.function.Function<Sample, ?> field, String stage, String what) {
    if (during().stream().map(field).allMatch(java.util.Objects::isNull)) {
      throw broken(stage, what + " was not recorded while it lasted");
    }
  }

  AssertionError broken(String stage, String detail) {
    return subject.broken(
        "while " + fault.label() + " (" + subject.t(fault.started()) + ".." + endLabel() + ")",
        stage + ": " + detail);
  }

  private String endLabel() {
    return fault.ended() == null ? "end of run" : subject.t(fault.ended());
  }

  private String seen(List<Sample> samples, Instant upTo) {
    String shown =
        samples.stream()
            .filter(s -> !s.at().isAfter(upTo))
            .map(s -> subject.t(s.at()) + " " + s.replicas() + "/" + s.readyReplicas())
            .collect(Collectors.joining(", "));
    return "replicas/ready seen: " + (shown.isEmpty() ? "none" : shown);
  }
}
