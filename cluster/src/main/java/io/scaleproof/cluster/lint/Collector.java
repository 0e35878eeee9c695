package io.scaleproof.cluster.lint;

import static io.scaleproof.cluster.PlainValues.at;
import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One OpenTelemetryCollector's configuration as lint reads it: its components and pipelines, the
 * ports it listens on, the Services the operator makes for it, and the Prometheus series its span
 * metrics become.
 */
final class Collector {
  static final String SPAN_METRICS_NAMESPACE = "traces.span.metrics";
  private static final Set<String> SPAN_METRICS = Set.of("span_metrics", "spanmetrics");
  private static final Set<String> OTLP_EXPORTERS =
      Set.of("otlp", "otlp_grpc", "otlphttp", "otlp_http");

  final Declared declared;
  final Map<String, Object> config;

  Collector(Declared declared) {
    this.declared = declared;
    this.config = declared.map("spec", "config");
  }

  static String type(String id) {
    int slash = id.indexOf('/');
    return slash < 0 ? id : id.substring(0, slash);
  }

  String name() {
    return declared.name();
  }

  /** The operator's mode: deployment (default), daemonset, statefulset or sidecar. */
  String mode() {
    return Optional.ofNullable(declared.string("spec", "mode")).orElse("deployment");
  }

  /** The Services the operator makes: {@code <name>-collector} and its monitoring Service. */
  Map<String, Set<Integer>> services() {
    Map<String, Set<Integer>> services = new LinkedHashMap<>();
    Set<Integer> ports = new LinkedHashSet<>(receiverPorts().values());
    prometheusExporter().flatMap(id -> port(exporter(id).get("endpoint"))).ifPresent(ports::add);
    services.put(name() + "-collector", ports);
    services.put(name() + "-collector-headless", ports);
    services.put(name() + "-collector-monitoring", Set.of(telemetryPort()));
    return services;
  }

  /** Receiver id (with the protocol for OTLP: {@code otlp.grpc}) → the port it listens on. */
  Map<String, Integer> receiverPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    receivers()
        .forEach(
            (id, body) -> {
              if (type(id).equals("otlp")) {
                Map<String, Object> protocols = map(map(body).get("protocols"));
                if (protocols.containsKey("grpc")) {
                  ports.put(
                      id + ".grpc", port(map(protocols.get("grpc")).get("endpoint")).orElse(4317));
                }
                if (protocols.containsKey("http")) {
                  ports.put(
                      id + ".http", port(map(protocols.get("http")).get("endpoint")).orElse(4318));
                }
              } else {
                port(map(body).get("endpoint")).ifPresent(port -> ports.put(id, port));
              }
            });
    return ports;
  }

  /** The port of the Collector's own metrics (8888 unless the telemetry config moves it). */
  int telemetryPort() {
    Map<String, Object> metrics = map(at(config, "service", "telemetry", "metrics"));
    for (Object reader : list(metrics.get("readers"))) {
      Object port = at(reader, "pull", "exporter", "prometheus", "port");
      if (port != null) {
        return Integer.parseInt(String.valueOf(port));
      }
    }
    return port(metrics.get("address")).orElse(8888);
  }

  Map<String, Object> receivers() {
    return map(config.get("receivers"));
  }

  Map<String, Object> exporters() {
    return map(config.get("exporters"));
  }

  Map<String, Object> connectors() {
    return map(config.get("connectors"));
  }

  Map<String, Object> exporter(String id) {
    return map(exporters().get(id));
  }

  /** Pipeline id → its receivers, processors and exporters. */
  Map<String, Map<String, Object>> pipelines() {
    Map<String, Map<String, Object>> pipelines = new LinkedHashMap<>();
    map(at(config, "service", "pipelines")).forEach((id, body) -> pipelines.put(id, map(body)));
    return pipelines;
  }

  static List<String> members(Map<String, Object> pipeline, String role) {
    return list(pipeline.get(role)).stream().map(String::valueOf).toList();
  }

  Optional<String> prometheusExporter() {
    return exporters().keySet().stream().filter(id -> type(id).equals("prometheus")).findFirst();
  }

  boolean isOtlpExporter(String id) {
    return OTLP_EXPORTERS.contains(type(id));
  }

  /**
   * The span-metrics connector that joins a traces pipeline to a metrics pipeline exporting to
   * Prometheus, if there is one.
   */
  Optional<String> spanMetricsToPrometheus() {
    for (String connector : connectors().keySet()) {
      if (!SPAN_METRICS.contains(type(connector))) {
        continue;
      }
      boolean fromTraces = false;
      boolean toPrometheus = false;
      for (var pipeline : pipelines().entrySet()) {
        String signal = type(pipeline.getKey());
        if (signal.equals("traces")
            && members(pipeline.getValue(), "exporters").contains(connector)) {
          fromTraces = true;
        }
        if (signal.equals("metrics")
            && members(pipeline.getValue(), "receivers").contains(connector)
            && members(pipeline.getValue(), "exporters").stream()
                .anyMatch(id -> type(id).equals("prometheus"))) {
          toPrometheus = true;
        }
      }
      if (fromTraces && toPrometheus) {
        return Optional.of(connector);
      }
    }
    return Optional.empty();
  }

  /** How often the span-metrics connector flushes (60 s by default). */
  Duration flushInterval(String connector) {
    Object value = at(connectors(), connector, "metrics_flush_interval");
    Duration parsed = value == null ? null : PromQl.duration(String.valueOf(value));
    return parsed == null ? Duration.ofSeconds(60) : parsed;
  }

  /**
   * The series Prometheus gets from the span-metrics connector through the Prometheus exporter:
   * name → its labels (null when any label may come, with resource attributes promoted).
   */
  Map<String, Set<String>> spanMetricSeries(String connector) {
    Map<String, Object> settings = map(connectors().get(connector));
    Map<String, Object> exporter = exporter(prometheusExporter().orElseThrow());
    String namespace =
        Optional.ofNullable(settings.get("namespace"))
            .map(String::valueOf)
            .orElse(SPAN_METRICS_NAMESPACE);
    String unit =
        Optional.ofNullable(at(settings, "histogram", "unit")).map(String::valueOf).orElse("ms");
    boolean exponential = at(settings, "histogram", "exponential") != null;
    boolean noHistogram = Boolean.TRUE.equals(at(settings, "histogram", "disable"));
    boolean suffixes =
        !"UnderscoreEscapingWithoutSuffixes".equals(exporter.get("translation_strategy"))
            && !"NoUTF8EscapingWithoutSuffixes".equals(exporter.get("translation_strategy"))
            && !Boolean.FALSE.equals(exporter.get("add_metric_suffixes"));
    String prefix =
        (exporter.get("namespace") == null ? "" : exporter.get("namespace") + "_")
            + namespace.replace('.', '_')
            + (namespace.isEmpty() ? "" : "_");

    Set<String> labels =
        new LinkedHashSet<>(
            List.of(
                "service_name",
                "span_name",
                "span_kind",
                "status_code",
                "collector_instance_id",
                "job",
                "instance",
                "otel_scope_name",
                "otel_scope_version",
                "otel_scope_schema_url"));
    for (Object dimension : list(settings.get("dimensions"))) {
      Object name = map(dimension).get("name");
      if (name != null) {
        labels.add(String.valueOf(name).replace('.', '_'));
      }
    }
    for (Object excluded : list(settings.get("exclude_dimensions"))) {
      labels.remove(String.valueOf(excluded).replace('.', '_'));
    }
    map(exporter.get("const_labels")).keySet().forEach(labels::add);
    boolean open = Boolean.TRUE.equals(at(exporter, "resource_to_telemetry_conversion", "enabled"));

    Map<String, Set<String>> series = new LinkedHashMap<>();
    Set<String> seriesLabels = open ? null : Set.copyOf(labels);
    series.put(prefix + "calls" + (suffixes ? "_total" : ""), seriesLabels);
    if (!noHistogram) {
      String duration =
          prefix
              + "duration"
              + (suffixes ? "_" + (unit.equals("s") ? "seconds" : "milliseconds") : "");
      if (exponential) {
        // A native histogram: one series name, no _bucket.
        series.put(duration, seriesLabels);
      } else {
        Set<String> withLe = new LinkedHashSet<>(labels);
        withLe.add("le");
        series.put(duration + "_bucket", open ? null : Set.copyOf(withLe));
        series.put(duration + "_sum", seriesLabels);
        series.put(duration + "_count", seriesLabels);
      }
    }
    if (Boolean.TRUE.equals(at(settings, "events", "enabled"))) {
      series.put(prefix + "events" + (suffixes ? "_total" : ""), seriesLabels);
    }
    return series;
  }

  static Optional<Integer> port(Object endpoint) {
    return endpoint == null
        ? Optional.empty()
        : Endpoint.parse(String.valueOf(endpoint)).map(Endpoint::port);
  }

  /** Every component endpoint in the config: path → endpoint text. */
  Map<Object[], String> listeners() {
    Map<Object[], String> listeners = new LinkedHashMap<>();
    receivers()
        .forEach(
            (id, body) -> {
              map(map(body).get("protocols"))
                  .forEach(
                      (protocol, settings) -> {
                        Object endpoint = map(settings).get("endpoint");
                        if (endpoint != null) {
                          listeners.put(
                              new Object[] {"receivers", id, "protocols", protocol, "endpoint"},
                              String.valueOf(endpoint));
                        }
                      });
              Object endpoint = map(body).get("endpoint");
              if (endpoint != null) {
                listeners.put(new Object[] {"receivers", id, "endpoint"}, String.valueOf(endpoint));
              }
            });
    prometheusExporter()
        .ifPresent(
            id -> {
              Object endpoint = exporter(id).get("endpoint");
              if (endpoint != null) {
                listeners.put(new Object[] {"exporters", id, "endpoint"}, String.valueOf(endpoint));
              }
            });
    map(config.get("extensions"))
        .forEach(
            (id, body) -> {
              Object endpoint = map(body).get("endpoint");
              if (endpoint != null) {
                listeners.put(
                    new Object[] {"extensions", id, "endpoint"}, String.valueOf(endpoint));
              }
            });
    return listeners;
  }

  /** The config's path inside the object: {@code spec.config.<path>}. */
  static Object[] inConfig(Object... path) {
    List<Object> full = new ArrayList<>(List.of("spec", "config"));
    full.addAll(List.of(path));
    return full.toArray();
  }
}
