package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metric-name contract: the series the span-metrics connector and the Prometheus exporter
 * produce (names, labels), against every recording rule and every trigger query that reads them;
 * rate windows against the scrape interval and the connector's flush; recorded names against
 * Prometheus' {@code level:metric:operations} convention.
 */
final class SeriesChecks {
  private static final List<String> SPAN_METRIC_FAMILIES =
      List.of("traces_span_metrics_", "traces_spanmetrics_");
  private static final Pattern CONVENTION =
      Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]*[a-zA-Z0-9_]:[a-zA-Z0-9_]+");

  /** A series the Collector produces: its labels (null when open) and where it comes from. */
  private record Produced(Set<String> labels, Collector collector, String connector) {}

  private final LintModel model;
  private final Findings findings;
  private final Map<String, Produced> produced = new LinkedHashMap<>();
  private final Set<String> families = new LinkedHashSet<>(SPAN_METRIC_FAMILIES);
  private final Set<Collector> flushChecked = new HashSet<>();

  private SeriesChecks(LintModel model, Findings findings) {
    this.model = model;
    this.findings = findings;
    for (Collector collector : model.collectors) {
      collector
          .spanMetricsToPrometheus()
          .ifPresent(
              connector ->
                  collector
                      .spanMetricSeries(connector)
                      .forEach(
                          (name, labels) -> {
                            produced.put(name, new Produced(labels, collector, connector));
                            int family = name.indexOf("_calls");
                            if (family < 0) {
                              family = name.indexOf("_duration");
                            }
                            if (family > 0) {
                              families.add(name.substring(0, family + 1));
                            }
                          }));
    }
  }

  /**
   * Checks what a query built elsewhere reads (the Prometheus Adapter's, for an HPA's metric), as a
   * trigger's query is checked; a query that does not parse is left alone.
   */
  static void query(
      LintModel model, Findings findings, String query, Declared object, Object[] path) {
    SeriesChecks checks = new SeriesChecks(model, findings);
    checks.parse(query, object, path).ifPresent(e -> checks.reads(e, object, path));
  }

  static void check(LintModel model, Findings findings) {
    new SeriesChecks(model, findings).check();
  }

  private void check() {
    for (LintModel.RecordingRule rule : model.rules) {
      Object[] path = SchemaChecks.append(rule.path(), "expr");
      parse(rule.expr(), rule.declared(), path)
          .ifPresent(expression -> reads(expression, rule.declared(), path));
      if (rule.record() != null && !CONVENTION.matcher(rule.record()).matches()) {
        findings.add(
            Rule.RULE_NAME,
            rule.declared(),
            SchemaChecks.append(rule.path(), "record"),
            "`" + rule.record() + "` is not level:metric:operations",
            "Name it by its labels, the metric and the operations, such as"
                + " service_name:traces_span_metrics_duration_milliseconds:p95_rate30s");
      }
    }
    for (Declared scaled : model.ofKind("ScaledObject")) {
      List<Object> triggers = scaled.list("spec", "triggers");
      for (int t = 0; t < triggers.size(); t++) {
        Object query = PlainValues.at(triggers.get(t), "metadata", "query");
        if ("prometheus".equals(PlainValues.map(triggers.get(t)).get("type")) && query != null) {
          Object[] path = {"spec", "triggers", t, "metadata", "query"};
          parse(String.valueOf(query), scaled, path)
              .ifPresent(expression -> reads(expression, scaled, path));
        }
      }
    }
  }

  private java.util.Optional<PromQl.Expression> parse(String text, Declared object, Object[] path) {
    try {
      return java.util.Optional.of(PromQl.parse(text));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty(); // promtool check rules says what is wrong with it
    }
  }

  private void reads(PromQl.Expression expression, Declared object, Object[] path) {
    Set<String> available = new HashSet<>();
    boolean allKnown = true;
    for (PromQl.Selector selector : expression.selectors()) {
      String name = selector.metric();
      if (name == null) {
        allKnown = false;
        continue;
      }
      Set<String> labels;
      var recorded = model.recording(name);
      if (recorded.isPresent()) {
        labels = PromQl.parse(recorded.get().expr()).resultLabels();
      } else if (produced.containsKey(name)) {
        Produced series = produced.get(name);
        labels = series.labels();
        window(selector, series, object, path);
      } else if (families.stream().anyMatch(name::startsWith)) {
        unknownSpanMetric(name, object, path);
        allKnown = false;
        continue;
      } else if (name.contains(":")) {
        findings.add(
            Rule.SERIES_UNKNOWN,
            object,
            path,
            name,
            "`" + name + "` is no recording rule's record: the query selects nothing",
            closestName(name, recordedNames())
                .map(n -> "Did you mean `" + n + "`?")
                .orElse("Record it in a PrometheusRule, or select a series that exists"));
        allKnown = false;
        continue;
      } else {
        allKnown = false; // from another exporter: lint does not know its labels
        continue;
      }
      if (labels == null) {
        allKnown = false;
        continue;
      }
      available.addAll(labels);
      for (PromQl.LabelMatcher matcher : selector.matchers()) {
        if (!labels.contains(matcher.label())) {
          findings.add(
              Rule.LABEL_UNKNOWN,
              object,
              path,
              matcher.label(),
              "`"
                  + name
                  + "` has no label `"
                  + matcher.label()
                  + "` (it has: "
                  + String.join(", ", labels.stream().sorted().toList())
                  + "): the matcher selects nothing",
              closestName(matcher.label(), labels)
                  .map(l -> "Match on `" + l + "`")
                  .orElse("Match on one of its labels"));
        }
      }
    }
    if (allKnown) {
      for (String label : expression.groupingLabels()) {
        if (!available.contains(label)) {
          findings.add(
              Rule.LABEL_UNKNOWN,
              object,
              path,
              label,
              "the query groups by `" + label + "`, which none of the series it reads has",
              "Group by one of: " + String.join(", ", available.stream().sorted().toList()));
        }
      }
    }
  }

  private void window(PromQl.Selector selector, Produced series, Declared object, Object[] path) {
    Duration range = selector.range();
    if (range == null) {
      return;
    }
    model
        .scrapeInterval()
        .filter(scrape -> range.compareTo(scrape.multipliedBy(2)) < 0)
        .ifPresent(
            scrape ->
                findings.add(
                    Rule.RATE_WINDOW,
                    object,
                    path,
                    "[" + range.toSeconds() + "s]",
                    "a "
                        + range.toSeconds()
                        + " s window over a series scraped every "
                        + scrape.toSeconds()
                        + " s holds fewer than two samples: rate() is often"
                        + " empty",
                    "Use a window of at least " + scrape.multipliedBy(4).toSeconds() + " s"));
    if (flushChecked.add(series.collector())) {
      CollectorChecks.flush(series.collector(), series.connector(), range, findings);
    }
  }

  private void unknownSpanMetric(String name, Declared object, Object[] path) {
    if (produced.isEmpty()) {
      findings.add(
          Rule.COLLECTOR_SPAN_METRICS,
          object,
          path,
          name,
          "`"
              + name
              + "` is a span metric, but no Collector of the pipeline turns spans into"
              + " metrics for Prometheus",
          "Add a span_metrics connector as an exporter of the traces pipeline and a receiver of"
              + " a metrics pipeline that exports to prometheus, and scrape that exporter");
      return;
    }
    String hint =
        name.endsWith("_bucket") && produced.keySet().stream().noneMatch(n -> n.endsWith("_bucket"))
            ? "The connector's histogram is exponential: Prometheus gets a native histogram, "
                + "with no _bucket series; query histogram_quantile over "
                + produced.keySet().stream()
                    .filter(n -> n.contains("duration"))
                    .findFirst()
                    .orElse("it")
            : closestName(name, produced.keySet())
                .map(n -> "The Collector produces `" + n + "`")
                .orElse("The Collector produces: " + String.join(", ", produced.keySet()));
    findings.add(
        Rule.SERIES_UNKNOWN,
        object,
        path,
        name,
        "`"
            + name
            + "` is not among the span-metric series the Collector produces ("
            + String.join(", ", produced.keySet())
            + ")",
        hint);
  }

  private Set<String> recordedNames() {
    Set<String> names = new LinkedHashSet<>();
    model.rules.forEach(
        rule -> {
          if (rule.record() != null) {
            names.add(rule.record());
          }
        });
    return names;
  }

  private static java.util.Optional<String> closestName(String name, Set<String> candidates) {
    return candidates.stream()
        .min(java.util.Comparator.comparingInt(candidate -> SchemaChecks.distance(candidate, name)))
        .filter(
            candidate -> SchemaChecks.distance(candidate, name) <= Math.max(3, name.length() / 4));
  }
}
