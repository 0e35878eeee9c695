package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code otelcol validate} passes but the pipeline cannot work with: a component in a pipeline
 * of the wrong signal, a receiver pods cannot reach, a listener on the Collector's own telemetry
 * port, a Prometheus exporter nobody scrapes, and span metrics flushed too rarely for the rules.
 */
final class CollectorChecks {
  /** Component type → the signals it takes (receivers and exporters alike). */
  private static final Map<String, Set<String>> SIGNALS =
      Map.ofEntries(
          Map.entry("otlp", Set.of("traces", "metrics", "logs")),
          Map.entry("otlp_grpc", Set.of("traces", "metrics", "logs")),
          Map.entry("otlphttp", Set.of("traces", "metrics", "logs")),
          Map.entry("otlp_http", Set.of("traces", "metrics", "logs")),
          Map.entry("debug", Set.of("traces", "metrics", "logs")),
          Map.entry("file", Set.of("traces", "metrics", "logs")),
          Map.entry("kafka", Set.of("traces", "metrics", "logs")),
          Map.entry("prometheus", Set.of("metrics")),
          Map.entry("prometheusremotewrite", Set.of("metrics")),
          Map.entry("hostmetrics", Set.of("metrics")),
          Map.entry("kubeletstats", Set.of("metrics")),
          Map.entry("k8s_cluster", Set.of("metrics")),
          Map.entry("jaeger", Set.of("traces")),
          Map.entry("zipkin", Set.of("traces")),
          Map.entry("filelog", Set.of("logs")),
          Map.entry("loki", Set.of("logs")));

  /** Connectors: the signal they take as an exporter, and the one they give as a receiver. */
  private static final Map<String, List<String>> CONNECTORS =
      Map.of(
          "span_metrics", List.of("traces", "metrics"),
          "spanmetrics", List.of("traces", "metrics"),
          "servicegraph", List.of("traces", "metrics"));

  private CollectorChecks() {}

  static void check(LintModel model, Findings findings) {
    for (Collector collector : model.collectors) {
      signals(collector, findings);
      listeners(collector, findings);
      scraped(model, collector, findings);
    }
  }

  private static void signals(Collector collector, Findings findings) {
    collector
        .pipelines()
        .forEach(
            (id, pipeline) -> {
              String signal = Collector.type(id);
              for (String role : List.of("receivers", "exporters")) {
                List<String> members = Collector.members(pipeline, role);
                for (int i = 0; i < members.size(); i++) {
                  String type = Collector.type(members.get(i));
                  Set<String> takes = SIGNALS.get(type);
                  List<String> connector = CONNECTORS.get(type);
                  if (connector != null && collector.connectors().containsKey(members.get(i))) {
                    takes = Set.of(role.equals("exporters") ? connector.get(0) : connector.get(1));
                  }
                  if (takes != null && !takes.contains(signal)) {
                    findings.add(
                        Rule.COLLECTOR_SIGNAL,
                        collector.declared,
                        Collector.inConfig("service", "pipelines", id, role, i),
                        "`"
                            + members.get(i)
                            + "` in the "
                            + role
                            + " of pipeline "
                            + id
                            + " takes "
                            + String.join(" and ", takes.stream().sorted().toList())
                            + ", not "
                            + signal
                            + ": the Collector refuses to build the pipeline",
                        "Move it to a "
                            + String.join(" or ", takes.stream().sorted().toList())
                            + " pipeline"
                            + (type.equals("prometheus") && signal.equals("traces")
                                ? " (spans reach it through the span-metrics connector)"
                                : ""));
                  }
                }
              }
            });
  }

  private static void listeners(Collector collector, Findings findings) {
    int telemetry = collector.telemetryPort();
    boolean sidecar = collector.mode().equals("sidecar");
    collector
        .listeners()
        .forEach(
            (path, text) -> {
              Optional<Endpoint> endpoint = Endpoint.parse(text);
              if (endpoint.isEmpty()) {
                return;
              }
              if (endpoint.get().port() != null && endpoint.get().port() == telemetry) {
                findings.add(
                    Rule.COLLECTOR_TELEMETRY_PORT,
                    collector.declared,
                    Collector.inConfig(path),
                    "`"
                        + text
                        + "` is on port "
                        + telemetry
                        + ", where the Collector serves its own metrics: `bind: address already in"
                        + " use` at start",
                    "Use another port (the Prometheus exporter usually takes 8889)");
              }
              if (!sidecar && path[0].equals("receivers") && endpoint.get().loopback()) {
                findings.add(
                    Rule.COLLECTOR_LOOPBACK,
                    collector.declared,
                    Collector.inConfig(path),
                    "`" + text + "` listens on this pod only: the apps' pods cannot reach it",
                    "Listen on 0.0.0.0 (or ${env:MY_POD_IP})");
              }
            });
    if (sidecar) {
      return;
    }
    collector
        .receivers()
        .forEach(
            (id, body) -> {
              if (!Collector.type(id).equals("otlp")) {
                return;
              }
              PlainValues.map(PlainValues.map(body).get("protocols"))
                  .forEach(
                      (protocol, settings) -> {
                        if (PlainValues.map(settings).get("endpoint") == null) {
                          findings.add(
                              Rule.COLLECTOR_LOOPBACK,
                              collector.declared,
                              Collector.inConfig("receivers", id, "protocols", protocol),
                              "no endpoint: since v0.104.0 the OTLP receiver listens on localhost"
                                  + " by default, so the apps' pods cannot reach it",
                              "Set endpoint: 0.0.0.0:" + (protocol.equals("grpc") ? 4317 : 4318));
                        }
                      });
            });
  }

  private static void scraped(LintModel model, Collector collector, Findings findings) {
    Optional<String> exporter = collector.prometheusExporter();
    if (exporter.isEmpty() || model.prometheus.isEmpty()) {
      return;
    }
    Optional<Integer> port = Collector.port(collector.exporter(exporter.get()).get("endpoint"));
    boolean scraped = false;
    for (LintModel.PrometheusConfig config : model.prometheus) {
      for (LintModel.ScrapeTarget target : config.targets()) {
        scraped |=
            Endpoint.parse(target.target())
                .filter(e -> port.isEmpty() || port.get().equals(e.port()))
                .map(e -> model.resolve(e.host(), config.configMap().namespace()))
                .filter(
                    host ->
                        host instanceof LintModel.InCluster in
                            && in.service().collector() == collector)
                .isPresent();
      }
    }
    if (!scraped) {
      findings.add(
          Rule.SCRAPE_MISSING,
          collector.declared,
          Collector.inConfig("exporters", exporter.get(), "endpoint"),
          "no scrape job reads "
              + collector.name()
              + "-collector."
              + collector.declared.namespace()
              + ".svc:"
              + port.orElse(null)
              + ": the span metrics never reach Prometheus",
          "Add a scrape job with that target to Prometheus' configuration");
    }
  }

  /** Warns when span metrics are flushed too rarely for a rule's rate window over them. */
  static void flush(Collector collector, String connector, Duration window, Findings findings) {
    Duration flush = collector.flushInterval(connector);
    if (flush.multipliedBy(2).compareTo(window) > 0) {
      findings.add(
          Rule.SPAN_METRICS_FLUSH,
          collector.declared,
          Collector.inConfig("connectors", connector, "metrics_flush_interval"),
          "span metrics are flushed every "
              + flush.toSeconds()
              + " s"
              + (PlainValues.at(collector.connectors(), connector, "metrics_flush_interval") == null
                  ? " (the default)"
                  : "")
              + ", but a rule rates them over "
              + window.toSeconds()
              + " s: the window often holds one flush or none, and the rate is empty",
          "Flush at most every " + Math.max(1, window.toSeconds() / 4) + " s");
    }
  }
}
