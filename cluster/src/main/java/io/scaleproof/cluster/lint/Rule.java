package io.scaleproof.cluster.lint;

import java.util.Locale;

/**
 * Every check lint makes, by layer. Each is an id a finding carries (and a SARIF rule), a severity,
 * and what it looks for.
 */
public enum Rule {
  // Schemas: what the API server or the CRD would refuse, or accept and then do nothing with.
  DEPLOYMENT_SELECTOR(
      Severity.ERROR,
      "an apps/v1 Deployment needs spec.selector, and it must match the pod template's labels"),
  SCALE_TARGET_MISSING(
      Severity.ERROR, "a ScaledObject's scaleTargetRef names no Deployment of the pipeline"),
  SCHEMA_VIOLATION(
      Severity.ERROR,
      "a value the CRD's schema refuses: a required field missing, a wrong type, outside an enum"),
  UNKNOWN_FIELD(
      Severity.ERROR,
      "a field the object's schema does not have: the API server drops it or refuses it"),
  // The real programs, when their tools are built: what otelcol and promtool say of one file.
  COLLECTOR_REFUSED(Severity.ERROR, "the real otelcol validate refuses the Collector's config"),
  RULES_REFUSED(Severity.ERROR, "the real promtool check rules refuses the rule groups"),
  // Endpoints: where telemetry and queries are sent.
  ENDPOINT_SCHEME(Severity.ERROR, "an OTLP endpoint that is not a URL (http:// or https://)"),
  ENDPOINT_HOST(Severity.ERROR, "an in-cluster host that is no Service of the pipeline"),
  ENDPOINT_PORT(
      Severity.ERROR, "a port that the target Service, or the Collector behind it, does not serve"),
  ENDPOINT_PROTOCOL(
      Severity.ERROR,
      "OTLP/gRPC's port 4317 for agents that send http/protobuf (Java 2.x, Node.js, Python)"),
  ENDPOINT_BYPASS(
      Severity.ERROR,
      "spans sent past the Collector straight to a trace store: no span metrics are made"),
  // The Collector, beyond what otelcol validate says.
  COLLECTOR_SIGNAL(Severity.ERROR, "a component in a pipeline of a signal it cannot take or give"),
  COLLECTOR_SPAN_METRICS(
      Severity.ERROR,
      "rules read span metrics, but no span-metrics connector joins a traces pipeline to a"
          + " metrics pipeline that Prometheus scrapes"),
  COLLECTOR_TELEMETRY_PORT(Severity.ERROR, "a listener on the Collector's own telemetry port"),
  COLLECTOR_LOOPBACK(
      Severity.ERROR, "a receiver that listens on localhost only: pods cannot reach it"),
  SPAN_METRICS_FLUSH(
      Severity.WARNING, "the span-metrics flush interval is not well under the rules' rate window"),
  SCRAPE_MISSING(Severity.ERROR, "a Collector's Prometheus exporter that no scrape job reads"),
  // The metric-name contract between the exporter, the rules and the triggers.
  SERIES_UNKNOWN(Severity.ERROR, "a query selects a series that nothing in the pipeline produces"),
  LABEL_UNKNOWN(Severity.ERROR, "a query uses a label that the selected series do not have"),
  RULE_NAME(
      Severity.WARNING,
      "a recorded series not named level:metric:operations (Prometheus' convention)"),
  RATE_WINDOW(
      Severity.ERROR, "a rate window shorter than two scrape intervals: often no result at all"),
  // Units and the HPA's arithmetic.
  THRESHOLD_UNIT(Severity.ERROR, "a trigger threshold in another unit than its series"),
  THRESHOLD_BELOW_SERVICE_TIME(
      Severity.WARNING,
      "a latency threshold at or below the p95 that the service time alone produces"),
  AVERAGE_VALUE(
      Severity.ERROR,
      "metricType AverageValue on a latency or a ratio: replicas follow the value, not the load"),
  VALUE_ON_TOTAL(
      Severity.WARNING,
      "metricType Value on a total: adding replicas does not lower it, so the HPA climbs to max"),
  METRIC_NAME_DEPRECATED(Severity.WARNING, "the trigger's deprecated metricName"),
  REPLICA_BOUNDS(Severity.ERROR, "minReplicaCount above maxReplicaCount"),
  POLLING_INTERVAL(
      Severity.WARNING,
      "KEDA polls more often than Prometheus scrapes or evaluates: the same value is read again"),
  ACTIVATION_UNREACHABLE(
      Severity.WARNING, "an activation threshold that the series can never cross"),
  // The Prometheus Adapter, for HPAs that scale on the external metrics it serves.
  ADAPTER_RULES_REFUSED(
      Severity.ERROR,
      "a Prometheus Adapter config in a ConfigMap that the Adapter refuses to load"),
  ADAPTER_METRIC_UNSERVED(
      Severity.ERROR,
      "an HPA's external metric that no rule of the Adapter's config gives a series the pipeline"
          + " records"),
  ADAPTER_QUERY(
      Severity.ERROR, "an HPA's external metric for which the Adapter cannot build its query"),
  // GitOps.
  REPLICAS_FIGHT(
      Severity.ERROR,
      "replicas in Git for an autoscaled Deployment under self-heal, without ignoreDifferences"),
  WAVE_INVALID(
      Severity.ERROR, "a sync wave that is not a whole number: Argo CD reads it as wave 0"),
  WAVE_ORDER(Severity.ERROR, "a sync wave that starts an object before the one it needs"),
  IMAGE_LATEST(Severity.WARNING, "an image without a pinned tag (none, or :latest)");

  private final Severity severity;
  private final String description;

  Rule(Severity severity, String description) {
    this.severity = severity;
    this.description = description;
  }

  /** The rule's id, as findings and SARIF name it: {@code average-value}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public Severity severity() {
    return severity;
  }

  public String description() {
    return description;
  }
}
