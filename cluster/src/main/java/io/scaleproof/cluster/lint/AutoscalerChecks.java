package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ScaledObjects' triggers through the HPA's arithmetic: what kind of value each query gives (a
 * latency, a ratio, a total) and in which unit, against the threshold, the metric type, the replica
 * bounds, the polling interval and the service time of the Deployment it scales.
 *
 * <p>Larger than 300 lines because each check follows one trigger through the same arithmetic (the
 * query's kind and unit, the threshold, the metric type, the replica bounds), and the checks share
 * that reading of the trigger.
 */
final class AutoscalerChecks {
  /** What a trigger's query gives. */
  enum Signal {
    LATENCY,
    RATIO,
    TOTAL,
    UNKNOWN
  }

  /** A query's signal, and its unit for a latency ("ms", "s", or null when unknown). */
  record Reading(Signal signal, String unit, Duration evaluation) {}

  private AutoscalerChecks() {}

  static void check(LintModel model, Findings findings) {
    for (Declared scaled : model.ofKind("ScaledObject")) {
      bounds(scaled, findings);
      List<Object> triggers = scaled.list("spec", "triggers");
      for (int t = 0; t < triggers.size(); t++) {
        Map<String, Object> trigger = PlainValues.map(triggers.get(t));
        if (!"prometheus".equals(trigger.get("type"))) {
          continue;
        }
        trigger(model, scaled, t, trigger, findings);
      }
    }
  }

  private static void bounds(Declared scaled, Findings findings) {
    int min = integer(scaled.at("spec", "minReplicaCount"), 0);
    int max = integer(scaled.at("spec", "maxReplicaCount"), 100);
    if (min > max) {
      findings.add(
          Rule.REPLICA_BOUNDS,
          scaled,
          new Object[] {"spec", "maxReplicaCount"},
          "minReplicaCount "
              + min
              + " is above maxReplicaCount "
              + max
              + ": KEDA refuses the ScaledObject",
          "Make maxReplicaCount at least " + min);
    }
  }

  private static void trigger(
      LintModel model, Declared scaled, int index, Map<String, Object> trigger, Findings findings) {
    Object[] at = {"spec", "triggers", index};
    Map<String, Object> metadata = PlainValues.map(trigger.get("metadata"));
    if (metadata.containsKey("metricName")) {
      findings.add(
          Rule.METRIC_NAME_DEPRECATED,
          scaled,
          SchemaChecks.append(at, "metadata", "metricName"),
          "metricName is deprecated and ignored: KEDA names the metric from the trigger's index"
              + " and type (s"
              + index
              + "-prometheus)",
          "Remove metricName; set the trigger's name field if you need to tell triggers apart");
    }
    Object query = metadata.get("query");
    Double threshold = number(metadata.get("threshold"));
    if (query == null || threshold == null) {
      return;
    }
    Reading reading = read(model, String.valueOf(query));
    String metricType =
        Optional.ofNullable(trigger.get("metricType")).map(String::valueOf).orElse("AverageValue");
    Object[] thresholdPath = SchemaChecks.append(at, "metadata", "threshold");
    String what = reading.signal() == Signal.LATENCY ? "a latency" : "an error ratio";

    if (metricType.equals("AverageValue")
        && (reading.signal() == Signal.LATENCY || reading.signal() == Signal.RATIO)) {
      String unit =
          reading.signal() == Signal.LATENCY && reading.unit() != null ? " " + reading.unit() : "";
      findings.add(
          Rule.AVERAGE_VALUE,
          scaled,
          trigger.containsKey("metricType") ? SchemaChecks.append(at, "metricType") : at,
          "metricType "
              + (trigger.containsKey("metricType") ? "" : "(default) ")
              + "AverageValue"
              + " on "
              + what
              + ": the HPA asks for ceil(value / "
              + format(threshold)
              + ") replicas whatever the current count and the load — "
              + format(2 * threshold)
              + unit
              + " gives 2 replicas, "
              + format(4 * threshold)
              + unit
              + " gives 4, and more replicas do not lower the value's target",
          "Set metricType: Value, so that desired = ceil(current replicas × value / threshold)");
    }
    if (metricType.equals("Value") && reading.signal() == Signal.TOTAL) {
      findings.add(
          Rule.VALUE_ON_TOTAL,
          scaled,
          SchemaChecks.append(at, "metricType"),
          "metricType Value on a total across replicas: more replicas do not lower it, so the HPA"
              + " keeps adding them up to maxReplicaCount while the load lasts",
          "Use AverageValue for a total (the HPA divides it by the replicas), or a per-replica"
              + " query");
    }
    if (!units(scaled, thresholdPath, reading, threshold, findings)) {
      // A threshold in the wrong unit is below every service time: one finding says it.
      serviceTime(model, scaled, thresholdPath, reading, threshold, findings);
    }
    Double activation = number(metadata.get("activationThreshold"));
    if (activation != null && reading.signal() == Signal.RATIO && activation >= 1) {
      findings.add(
          Rule.ACTIVATION_UNREACHABLE,
          scaled,
          SchemaChecks.append(at, "metadata", "activationThreshold"),
          "activationThreshold "
              + format(activation)
              + " on a ratio, which is at most 1: the"
              + " trigger never activates",
          "Use an activation threshold below 1 (0 activates on any error)");
    }
    int polling = integer(scaled.at("spec", "pollingInterval"), 30);
    Optional<Duration> scrape = model.scrapeInterval();
    Duration slowest =
        scrape
            .map(s -> s.compareTo(reading.evaluation()) > 0 ? s : reading.evaluation())
            .orElse(reading.evaluation());
    if (slowest != null && Duration.ofSeconds(polling).compareTo(slowest) < 0) {
      findings.add(
          Rule.POLLING_INTERVAL,
          scaled,
          new Object[] {"spec", "pollingInterval"},
          "KEDA polls every "
              + polling
              + " s, but the value changes only every "
              + slowest.toSeconds()
              + " s"
              + scrape.map(s -> " (scrape every " + s.toSeconds() + " s").orElse(" (")
              + (reading.evaluation() == null
                  ? ")"
                  : (scrape.isPresent() ? ", " : "")
                      + "rules every "
                      + reading.evaluation().toSeconds()
                      + " s)")
              + ": most polls read the same value again",
          "Poll every " + slowest.toSeconds() + " s or slower, or scrape and evaluate faster");
    }
  }

  /** Whether the threshold is in another unit than the series, which is then reported. */
  private static boolean units(
      Declared scaled, Object[] path, Reading reading, double threshold, Findings findings) {
    String problem = null;
    String fix = null;
    if (reading.signal() == Signal.LATENCY && "ms".equals(reading.unit()) && threshold < 1) {
      problem =
          "a threshold of "
              + format(threshold)
              + " against a latency in milliseconds: "
              + format(threshold)
              + " ms, not "
              + format(threshold)
              + " s";
      fix = "Write it in milliseconds: " + format(threshold * 1000);
    } else if (reading.signal() == Signal.LATENCY
        && "s".equals(reading.unit())
        && threshold >= 10) {
      problem =
          "a threshold of "
              + format(threshold)
              + " against a latency in seconds: "
              + format(threshold)
              + " s, not "
              + format(threshold)
              + " ms";
      fix = "Write it in seconds: " + format(threshold / 1000);
    } else if (reading.signal() == Signal.RATIO && threshold > 1) {
      problem = "a threshold of " + format(threshold) + " against a ratio, which is at most 1";
      fix = "Write the ratio as a fraction of 1: 0.05 for 5 % of requests failing";
    }
    if (problem != null) {
      findings.add(Rule.THRESHOLD_UNIT, scaled, path, problem, fix);
    }
    return problem != null;
  }

  /**
   * Warns when a latency threshold is at or below the p95 the target's declared service time alone
   * gives (scaleproof's sample apps declare it: APP_SERVICE_TIME_MS, _DIST, _SIGMA): no replica
   * count brings p95 under it.
   */
  private static void serviceTime(
      LintModel model,
      Declared scaled,
      Object[] path,
      Reading reading,
      double threshold,
      Findings findings) {
    if (reading.signal() != Signal.LATENCY || reading.unit() == null) {
      return;
    }
    String target = scaled.string("spec", "scaleTargetRef", "name");
    Optional<Declared> deployment =
        model.find("Deployment", scaled.namespace(), target == null ? "" : target);
    if (deployment.isEmpty()) {
      return;
    }
    for (Object container : deployment.get().list("spec", "template", "spec", "containers")) {
      Map<String, String> env = new java.util.HashMap<>();
      for (Object variable : PlainValues.list(PlainValues.map(container).get("env"))) {
        Object value = PlainValues.map(variable).get("value");
        if (value != null) {
          env.put(String.valueOf(PlainValues.map(variable).get("name")), String.valueOf(value));
        }
      }
      Double mean = number(env.get("APP_SERVICE_TIME_MS"));
      if (mean == null) {
        continue;
      }
      String distribution =
          env.getOrDefault("APP_SERVICE_TIME_DIST", "exponential").toLowerCase(Locale.ROOT);
      double sigma = Optional.ofNullable(number(env.get("APP_SERVICE_TIME_SIGMA"))).orElse(0.5);
      double p95 =
          switch (distribution) {
            case "constant" -> mean;
            // mean-parameterised: mu = ln(mean) - sigma^2 / 2; p95 = exp(mu + 1.645 sigma)
            case "lognormal" -> mean * Math.exp(1.6449 * sigma - sigma * sigma / 2);
            default -> mean * Math.log(20);
          };
      double thresholdMs = reading.unit().equals("s") ? threshold * 1000 : threshold;
      if (thresholdMs <= p95) {
        findings.add(
            Rule.THRESHOLD_BELOW_SERVICE_TIME,
            scaled,
            path,
            "a p95 threshold of "
                + format(thresholdMs)
                + " ms, while Deployment "
                + deployment.get().name()
                + "'s service time alone ("
                + distribution
                + ", mean "
                + format(mean)
                + " ms) has a p95 of "
                + format(Math.round(p95 * 10) / 10.0)
                + " ms: no number of replicas brings p95 under the threshold",
            "Set the threshold above " + format(Math.ceil(p95)) + " ms, with room for queueing");
      }
    }
  }

  /** What a query gives, following recorded series to their rules. */
  static Reading read(LintModel model, String query) {
    return read(model, query, 0);
  }

  private static Reading read(LintModel model, String query, int depth) {
    PromQl.Expression expression;
    try {
      expression = PromQl.parse(query);
    } catch (IllegalArgumentException e) {
      return new Reading(Signal.UNKNOWN, null, null);
    }
    Duration evaluation = null;
    for (PromQl.Selector selector : expression.selectors()) {
      if (selector.metric() == null) {
        continue;
      }
      var rule = model.recording(selector.metric());
      if (rule.isPresent() && depth < 3) {
        Reading inner = read(model, rule.get().expr(), depth + 1);
        Signal signal =
            inner.signal() == Signal.UNKNOWN ? byName(selector.metric()) : inner.signal();
        // The recorded name says its unit when it follows the convention; else what it reads.
        String unit = unitOf(selector.metric()) != null ? unitOf(selector.metric()) : inner.unit();
        return new Reading(signal, unit, model.evaluationInterval(rule.get()));
      }
    }
    String names =
        String.join(
            " ",
            expression.selectors().stream()
                .map(PromQl.Selector::metric)
                .filter(java.util.Objects::nonNull)
                .toList());
    if (expression.isQuantile()) {
      return new Reading(Signal.LATENCY, unitOf(names), evaluation);
    }
    if (expression.divides()
        && expression.functions().stream()
            .anyMatch(f -> f.equals("rate") || f.equals("increase"))) {
      return new Reading(Signal.RATIO, null, evaluation);
    }
    Signal byName = byName(names);
    if (byName != Signal.UNKNOWN) {
      return new Reading(byName, unitOf(names), evaluation);
    }
    if (expression.functions().contains("rate") || expression.functions().contains("increase")) {
      return new Reading(Signal.TOTAL, null, evaluation);
    }
    return new Reading(Signal.UNKNOWN, null, evaluation);
  }

  private static Signal byName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.contains("ratio")) {
      return Signal.RATIO;
    }
    if (lower.matches(".*(:p\\d{2}|quantile|latency).*")) {
      return Signal.LATENCY;
    }
    if (lower.matches(".*(:rate|_total\\b|:sum|:count).*")) {
      return Signal.TOTAL;
    }
    return Signal.UNKNOWN;
  }

  private static String unitOf(String names) {
    if (names.contains("milliseconds") || names.contains("_ms")) {
      return "ms";
    }
    if (names.contains("seconds") || names.contains("latency")) {
      return "s";
    }
    return null;
  }

  private static Double number(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Double.valueOf(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int integer(Object value, int otherwise) {
    Double number = number(value);
    return number == null ? otherwise : number.intValue();
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(Math.round(value * 1e6) / 1e6);
  }
}
