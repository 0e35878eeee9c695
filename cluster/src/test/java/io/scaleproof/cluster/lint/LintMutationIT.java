package io.scaleproof.cluster.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.PipelineCopy;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped pipeline, {@code cluster/gitops} with the sample apps it includes, lints clean; each
 * mutation below is one way people get a layer wrong, applied to a copy of it, and lint must flag
 * exactly that: the rule, the file and the field. Every rule has a mutation that fails without it.
 */
class LintMutationIT {
  @TempDir Path copy;

  /** One edit of one file, and what lint must say about it. */
  record Mutation(
      String name,
      String file,
      String from,
      String to,
      Rule rule,
      String where,
      String field,
      Set<Rule> also) {
    Mutation(String name, String file, String from, String to, Rule rule, String field) {
      this(name, file, from, to, rule, file, field, Set.of());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String SCALED = "cluster/gitops/apps/scaledobjects.yaml";
  private static final String INSTRUMENTATION = "cluster/gitops/apps/instrumentation.yaml";
  private static final String COLLECTOR = "cluster/gitops/observability/collector.yaml";
  private static final String PROMETHEUS = "cluster/gitops/observability/prometheus.yaml";
  private static final String RULES = "cluster/gitops/observability/recording-rules.yaml";
  private static final String JAVA = "sample-apps/java/k8s/deployment.yaml";
  private static final String COLLECTOR_URL =
      "http://otel-collector.observability.svc.cluster.local:4318";

  static Stream<Mutation> mutations() {
    return Stream.of(
        new Mutation(
            "selector not matching the pods",
            JAVA,
            "    matchLabels:\n      app.kubernetes.io/name: java-app",
            "    matchLabels:\n      app.kubernetes.io/name: java",
            Rule.DEPLOYMENT_SELECTOR,
            "spec.selector.matchLabels.app.kubernetes.io/name"),
        new Mutation(
            "a ScaledObject aimed at a typo",
            SCALED,
            "  scaleTargetRef:\n    name: java-app",
            "  scaleTargetRef:\n    name: java-ap",
            Rule.SCALE_TARGET_MISSING,
            "spec.scaleTargetRef.name"),
        new Mutation(
            "a threshold KEDA reads as a string, written as a number",
            SCALED,
            "threshold: \"150\"",
            "threshold: 150",
            Rule.SCHEMA_VIOLATION,
            "spec.triggers[0].metadata.threshold"),
        new Mutation(
            "a misspelt Deployment field",
            JAVA,
            "      terminationGracePeriodSeconds: 10",
            "      terminationGracePeriod: 10",
            Rule.UNKNOWN_FIELD,
            "spec.template.spec.terminationGracePeriod"),
        new Mutation(
            "a misspelt field",
            SCALED,
            "  pollingInterval: 5",
            "  pollingIntervall: 5",
            Rule.UNKNOWN_FIELD,
            "spec.pollingIntervall"),
        new Mutation(
            "an endpoint without a scheme",
            INSTRUMENTATION,
            COLLECTOR_URL,
            "otel-collector.observability.svc.cluster.local:4318",
            Rule.ENDPOINT_SCHEME,
            "spec.exporter.endpoint"),
        new Mutation(
            "KEDA asking a Prometheus that is not there",
            SCALED,
            "http://prometheus.observability",
            "http://prometheus-server.observability",
            Rule.ENDPOINT_HOST,
            "spec.triggers[0].metadata.serverAddress"),
        new Mutation(
            "a port no receiver listens on",
            INSTRUMENTATION,
            COLLECTOR_URL,
            "http://otel-collector.observability.svc.cluster.local:4319",
            Rule.ENDPOINT_PORT,
            "spec.exporter.endpoint"),
        new Mutation(
            "gRPC's port for http/protobuf agents",
            INSTRUMENTATION,
            COLLECTOR_URL,
            "http://otel-collector.observability.svc.cluster.local:4317",
            Rule.ENDPOINT_PROTOCOL,
            "spec.exporter.endpoint"),
        new Mutation(
            "spans straight to Jaeger",
            INSTRUMENTATION,
            COLLECTOR_URL,
            "http://jaeger-collector.observability.svc.cluster.local:4318",
            Rule.ENDPOINT_BYPASS,
            "spec.exporter.endpoint"),
        new Mutation(
            "the Prometheus exporter in the traces pipeline",
            COLLECTOR,
            "exporters: [otlp_grpc/jaeger, span_metrics]",
            "exporters: [otlp_grpc/jaeger, span_metrics, prometheus]",
            Rule.COLLECTOR_SIGNAL,
            "spec.config.service.pipelines.traces.exporters[2]"),
        new Mutation(
            "no span metrics made",
            COLLECTOR,
            "exporters: [otlp_grpc/jaeger, span_metrics]",
            "exporters: [otlp_grpc/jaeger]",
            Rule.COLLECTOR_SPAN_METRICS,
            RULES,
            "spec.groups[0].rules[0].expr",
            Set.of()),
        new Mutation(
            "a health check on the Collector's telemetry port",
            COLLECTOR,
            "endpoint: 0.0.0.0:13133",
            "endpoint: 0.0.0.0:8888",
            Rule.COLLECTOR_TELEMETRY_PORT,
            "spec.config.extensions.health_check.endpoint"),
        new Mutation(
            "a receiver on localhost",
            COLLECTOR,
            "endpoint: 0.0.0.0:4318",
            "endpoint: localhost:4318",
            Rule.COLLECTOR_LOOPBACK,
            "spec.config.receivers.otlp.protocols.http.endpoint"),
        new Mutation(
            "span metrics flushed every 30 s for a 30 s window",
            COLLECTOR,
            "metrics_flush_interval: 5s",
            "metrics_flush_interval: 30s",
            Rule.SPAN_METRICS_FLUSH,
            "spec.config.connectors.span_metrics.metrics_flush_interval"),
        new Mutation(
            "the exporter's port not scraped",
            PROMETHEUS,
            "otel-collector.observability.svc.cluster.local:8889",
            "otel-collector.observability.svc.cluster.local:4318",
            Rule.SCRAPE_MISSING,
            COLLECTOR,
            "spec.config.exporters.prometheus.endpoint",
            Set.of()),
        new Mutation(
            "the histogram in seconds that is in milliseconds",
            RULES,
            "traces_span_metrics_duration_milliseconds_bucket",
            "traces_span_metrics_duration_seconds_bucket",
            Rule.SERIES_UNKNOWN,
            "spec.groups[0].rules[0].expr"),
        new Mutation(
            "Tempo's label on the Collector's series",
            SCALED,
            "p95_rate30s{service_name=\"java-app\"}",
            "p95_rate30s{service=\"java-app\"}",
            Rule.LABEL_UNKNOWN,
            "spec.triggers[0].metadata.query"),
        new Mutation(
            "a recorded name without its level",
            RULES,
            "record: service_name:traces_span_metrics_calls:rate30s",
            "record: traces_span_metrics_calls_rate30s",
            Rule.RULE_NAME,
            "spec.groups[0].rules[2].record"),
        // An 8 s window holds one 5 s scrape; the 5 s flush makes it worse: both are said.
        new Mutation(
            "a rate window of one scrape",
            RULES,
            "span_name!~\"GET /(healthz|readyz)\"}[30s])))",
            "span_name!~\"GET /(healthz|readyz)\"}[8s])))",
            Rule.RATE_WINDOW,
            RULES,
            "spec.groups[0].rules[0].expr",
            Set.of(Rule.SPAN_METRICS_FLUSH)),
        new Mutation(
            "the seconds threshold on milliseconds",
            SCALED,
            "threshold: \"150\"",
            "threshold: \"0.15\"",
            Rule.THRESHOLD_UNIT,
            "spec.triggers[0].metadata.threshold"),
        new Mutation(
            "a threshold under the service time's own p95",
            SCALED,
            "threshold: \"150\"",
            "threshold: \"90\"",
            Rule.THRESHOLD_BELOW_SERVICE_TIME,
            "spec.triggers[0].metadata.threshold"),
        new Mutation(
            "AverageValue on p95",
            SCALED,
            "      metricType: Value",
            "      metricType: AverageValue",
            Rule.AVERAGE_VALUE,
            "spec.triggers[0].metricType"),
        new Mutation(
            "Value on the request rate",
            SCALED,
            "max(service_name:traces_span_metrics_duration_milliseconds:p95_rate30s{service_name=\"java-app\"})",
            "max(service_name:traces_span_metrics_calls:rate30s{service_name=\"java-app\"})",
            Rule.VALUE_ON_TOTAL,
            "spec.triggers[0].metricType"),
        new Mutation(
            "the deprecated metricName",
            SCALED,
            "        ignoreNullValues: \"true\"",
            "        ignoreNullValues: \"true\"\n        metricName: java_p95",
            Rule.METRIC_NAME_DEPRECATED,
            "spec.triggers[0].metadata.metricName"),
        new Mutation(
            "min above max",
            SCALED,
            "  minReplicaCount: 1",
            "  minReplicaCount: 8",
            Rule.REPLICA_BOUNDS,
            "spec.maxReplicaCount"),
        new Mutation(
            "polling faster than the scrape",
            SCALED,
            "  pollingInterval: 5",
            "  pollingInterval: 2",
            Rule.POLLING_INTERVAL,
            "spec.pollingInterval"),
        new Mutation(
            "an error-ratio activation of 1",
            SCALED,
            "threshold: \"0.05\"",
            "threshold: \"0.05\"\n        activationThreshold: \"1\"",
            Rule.ACTIVATION_UNREACHABLE,
            "spec.triggers[1].metadata.activationThreshold"),
        new Mutation(
            "replicas in Git under self-heal",
            JAVA,
            "spec:\n  selector:",
            "spec:\n  replicas: 2\n  selector:",
            Rule.REPLICAS_FIGHT,
            "spec.replicas"),
        new Mutation(
            "a sync wave in words",
            SCALED,
            "argocd.argoproj.io/sync-wave: \"1\"",
            "argocd.argoproj.io/sync-wave: \"one\"",
            Rule.WAVE_INVALID,
            "metadata.annotations.argocd.argoproj.io/sync-wave"),
        new Mutation(
            "a ScaledObject before its Deployment",
            SCALED,
            "argocd.argoproj.io/sync-wave: \"1\"",
            "argocd.argoproj.io/sync-wave: \"-2\"",
            Rule.WAVE_ORDER,
            "metadata.annotations.argocd.argoproj.io/sync-wave"),
        new Mutation(
            "an unpinned image",
            JAVA,
            "image: scaleproof/sample-app-java:0.1.0",
            "image: scaleproof/sample-app-java:latest",
            Rule.IMAGE_LATEST,
            "spec.template.spec.containers[0].image"));
  }

  @BeforeEach
  void copyThePipeline() {
    PipelineCopy.of(copy);
  }

  @Test
  @DisplayName("the shipped pipeline lints clean")
  void shippedPipelineIsClean() {
    LintReport report = Lint.of(copy.resolve("cluster/gitops"));
    assertThat(report.findings()).as(report.text(copy)).isEmpty();
    assertThat(report.objects()).isGreaterThan(15);
  }

  @Test
  @DisplayName("every rule has a mutation here (the real programs' in LintProgramsIT)")
  void everyRuleIsCovered() {
    Set<Rule> covered = mutations().map(Mutation::rule).collect(Collectors.toSet());
    // The real programs' refusals need the tools built: LintProgramsIT has their mutations.
    covered.addAll(Set.of(Rule.COLLECTOR_REFUSED, Rule.RULES_REFUSED));
    // The shipped pipeline scales with KEDA and carries no Prometheus Adapter config: the corpus
    // pipeline adapter-shape (LintCorpusIT) breaks the Adapter's rules and the HPAs on them.
    covered.addAll(
        Set.of(Rule.ADAPTER_RULES_REFUSED, Rule.ADAPTER_METRIC_UNSERVED, Rule.ADAPTER_QUERY));
    assertThat(Set.of(Rule.values())).containsExactlyInAnyOrderElementsOf(covered);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void flagsExactlyTheMutation(Mutation mutation) {
    mutate(mutation);
    LintReport report = Lint.of(copy.resolve("cluster/gitops"));
    assertThat(report.findings())
        .as(report.text(copy))
        .isNotEmpty()
        .allSatisfy(
            finding -> assertThat(finding.rule()).isIn(union(mutation.rule(), mutation.also())))
        .anySatisfy(
            finding -> {
              assertThat(finding.file()).isEqualTo(copy.resolve(mutation.where()));
              assertThat(finding.field()).isEqualTo(mutation.field());
            });
    assertThat(report.hasErrors()).isEqualTo(mutation.rule().severity() == Severity.ERROR);
  }

  private static Set<Rule> union(Rule rule, Set<Rule> also) {
    Set<Rule> rules = new java.util.HashSet<>(also);
    rules.add(rule);
    return rules;
  }

  private void mutate(Mutation mutation) {
    PipelineCopy.edit(copy.resolve(mutation.file()), mutation.from(), mutation.to());
  }
}
