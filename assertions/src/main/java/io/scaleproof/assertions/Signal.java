package io.scaleproof.assertions;

import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * A metric a scale-up story can start from, and how the failures of that story word it.
 *
 * @param name how messages name the metric: "the highest p95 seen", "the p95 breach" (with hyphens
 *     for spaces there: "the error-ratio breach")
 * @param headline the metric stage's failure starts with this; {@code %s} stands for the service
 * @param label the metric's key in a sample line, or empty when the line shows it already (p95)
 * @param value the metric in a sample, null when no series had a value
 * @param format how a value or a threshold of the metric reads
 */
record Signal(
    String name,
    String headline,
    String label,
    Function<Sample, Double> value,
    DoubleFunction<String> format) {

  static final Signal P95 = new Signal("p95", "p95", "", Sample::p95Ms, Subject::ms);

  /** The p95 the load's clients saw: when users felt the breach, before any metric showed it. */
  static final Signal CLIENT_P95 =
      new Signal(
          "clients' p95", "the clients' p95", "client p95", Sample::clientP95Ms, Subject::ms);

  static final Signal ERROR_RATIO =
      new Signal("error ratio", "%s's error ratio", "errors", Sample::errorRatio, Subject::ratio);

  Double of(Sample sample) {
    return value.apply(sample);
  }

  String format(double metric) {
    return format.apply(metric);
  }

  /** "the p95 breach", "the error-ratio breach". */
  String breach() {
    return "the " + name.replace(' ', '-') + " breach";
  }
}
