package io.scaleproof.assertions;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The service an assertion chain is about, and how its stages word what they saw. Instants read as
 * offsets from the load's start ({@code t+42.0s}), so a message can be followed without a clock.
 */
record Subject(RecordedRun run, ServiceTimeline timeline) {

  /** How many samples a failure shows, ending at the deadline it missed. */
  private static final int SAMPLES_SHOWN = 5;

  String service() {
    return timeline.service();
  }

  List<Sample> samples() {
    return timeline.samples();
  }

  Episode episode() {
    return new Episode(timeline.samples(), run.loadStarted(), run.loadStopped());
  }

  /** A timing stage's failure: {@code "<service>: <stage> stage late: <detail>"}. */
  AssertionError late(String stage, String detail) {
    return new AssertionError(service() + ": " + stage + " stage late: " + detail);
  }

  /** An invariant's failure: {@code "<service>: <check>: <detail>"}. */
  AssertionError broken(String check, String detail) {
    return new AssertionError(service() + ": " + check + ": " + detail);
  }

  String t(Instant at) {
    double seconds = Duration.between(run.loadStarted(), at).toMillis() / 1000.0;
    return String.format(Locale.ROOT, "t%+.1fs", seconds);
  }

  /** The offset and the absolute instant, for the one moment a message hinges on. */
  String moment(Instant at) {
    return t(at) + " (" + at + ")";
  }

  String loadWindow() {
    return moment(run.loadStarted()) + ".." + t(run.loadStopped());
  }

  /** A sample's line; it shows {@code signal} too when the p95 it always shows is not it. */
  String describe(Sample sample, Signal signal) {
    String line =
        String.format(
            Locale.ROOT,
            "%s replicas=%d ready=%d p95=%s",
            t(sample.at()),
            sample.replicas(),
            sample.readyReplicas(),
            sample.p95Ms() == null ? "none" : String.format(Locale.ROOT, "%.1f", sample.p95Ms()));
    Double value = signal.label().isEmpty() ? null : signal.of(sample);
    return value == null ? line : line + " " + signal.label() + "=" + signal.format(value);
  }

  /** The last few samples at or before {@code until}, described. */
  String seenUpTo(Instant until) {
    return seenUpTo(until, Signal.P95);
  }

  /** The last few samples at or before {@code until}, described with {@code signal}. */
  String seenUpTo(Instant until, Signal signal) {
    List<Sample> upTo = samples().stream().filter(s -> !s.at().isAfter(until)).toList();
    String shown =
        upTo.subList(Math.max(0, upTo.size() - SAMPLES_SHOWN), upTo.size()).stream()
            .map(sample -> describe(sample, signal))
            .collect(Collectors.joining("; "));
    return "seen up to " + t(until) + ": " + (shown.isEmpty() ? "no samples" : shown);
  }

  /** The last few samples of the recording, described. */
  String seenToTheEnd() {
    return seenToTheEnd(Signal.P95);
  }

  /** The last few samples of the recording, described with {@code signal}. */
  String seenToTheEnd(Signal signal) {
    return samples().isEmpty()
        ? "no samples were recorded"
        : seenUpTo(samples().get(samples().size() - 1).at(), signal);
  }

  /**
   * The first sample during the load whose {@code signal} is above {@code threshold}.
   *
   * @throws AssertionError ("metric stage late") if there is none
   */
  Sample breach(Signal signal, double threshold) {
    return breach(signal, threshold, signal.format(threshold));
  }

  /**
   * The first sample during the load whose {@code signal} is above {@code threshold} by more than
   * {@code tolerance}: the first an HPA, which leaves the replicas alone while metric / target is
   * within 1 ± tolerance, acts on.
   *
   * @throws AssertionError ("metric stage late") if there is none
   */
  Sample breachBeyond(Signal signal, double threshold, double tolerance) {
    double acted = threshold * (1 + tolerance);
    return breach(
        signal,
        acted,
        String.format(
            "%s (%s and the autoscaler's %s tolerance above it, inside which the HPA does not act)",
            signal.format(acted), signal.format(threshold), percent(tolerance)));
  }

  /** How the story names the breach it starts from: "the p95 breach past the 10 % tolerance". */
  static String breachBeyondName(Signal signal, double tolerance) {
    return signal.breach() + " past the " + percent(tolerance) + " tolerance";
  }

  static double requireTolerance(double tolerance) {
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException(
          "tolerance: must be a fraction in [0, 1) such as 0.1 for the HPA's 10 %, was "
              + tolerance);
    }
    return tolerance;
  }

  private Sample breach(Signal signal, double threshold, String described) {
    Episode episode = episode();
    return episode
        .breach(signal, threshold)
        .orElseThrow(
            () -> {
              String peak =
                  episode
                      .peakDuringLoad(signal)
                      .map(
                          sample ->
                              String.format(
                                  "the highest %s seen was %s at %s",
                                  signal.name(), signal.format(signal.of(sample)), t(sample.at())))
                      .orElse("no " + signal.name() + " was recorded");
              return late(
                  "metric",
                  String.format(
                      "%s never exceeded %s during the load (%s); %s",
                      String.format(signal.headline(), service()), described, loadWindow(), peak));
            });
  }

  private static String percent(double fraction) {
    return ratio(fraction * 100) + " %";
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** A fraction with at most three decimals and no trailing zeros: {@code 0.05}, {@code 0.125}. */
  static String ratio(double value) {
    return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
  }

  static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f ms", value);
  }

  static Duration requireWindow(String name, Duration window) {
    Objects.requireNonNull(window, name + ": is required");
    if (window.isNegative()) {
      throw new IllegalArgumentException(name + ": must not be negative, was " + window);
    }
    return window;
  }
}
