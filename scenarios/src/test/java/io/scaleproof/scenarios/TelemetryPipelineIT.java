package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.Cluster;
import io.scaleproof.scenarios.run.PipelineSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The declared pipeline of cluster/gitops, installed on the embedded cluster with the real
 * Collector, Jaeger and Prometheus, and the three sample apps injected by the operator emulation:
 * traces reach Jaeger, span metrics reach Prometheus, the recording rule's p95 matches what a
 * client measures, and the Deployment replica series are there to query. On the suites' shared
 * pipeline.
 */
@ExtendWith(SharedPipeline.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryPipelineIT {
  static final List<String> APPS = List.of("java-app", "node-app", "python-app");
  static final String P95_RULE =
      "service_name:traces_span_metrics_duration_milliseconds:p95_rate30s";

  /**
   * The span-metrics buckets of cluster/gitops/observability/collector.yaml, in ms.
   * histogram_quantile finds the bucket that holds the 95th-percentile rank and interpolates
   * linearly inside it, so its answer lies in the same bucket as the true p95 of the recorded
   * spans: it can be off by less than that bucket's width, and by no more.
   */
  static final double[] BUCKETS = {
    5, 10, 25, 50, 75, 100, 125, 150, 175, 200, 250, 300, 350, 400, 500, 750, 1000, 1500, 2000, 5000
  };

  private Cluster cluster;
  private String apps;
  private URI prometheus;
  private URI jaeger;

  /** Steady load on every app for the rule-accuracy cases, started together by the first. */
  private final Map<String, SteadyLoad> steady = new java.util.LinkedHashMap<>();

  private long steadyFrom;

  @BeforeAll
  void onTheSharedPipeline(PipelineSession session) {
    cluster = session.cluster();
    apps = session.namespace("apps");
    prometheus = cluster.serviceUrl(session.namespace("observability"), "prometheus", 9090);
    jaeger = cluster.serviceUrl(session.namespace("observability"), "jaeger-query", 16686);
  }

  @AfterAll
  void stopTheSteadyLoad() {
    steady.values().forEach(SteadyLoad::close);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java-app", "node-app", "python-app"})
  @DisplayName("under traffic, the app's traces are found in Jaeger by service name")
  void tracesReachJaeger(String app) {
    URI work = cluster.serviceUrl(apps, app, 8080).resolve("/work");
    try (SteadyLoad load = SteadyLoad.start(work, 10)) {
      await(app + " traces in Jaeger")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                JsonNode traces = PipelineApis.traces(jaeger, app);
                assertThat(traces.isArray() && !traces.isEmpty())
                    .as("traces of %s: %s", app, traces)
                    .isTrue();
                List<String> operations =
                    StreamSupport.stream(traces.spliterator(), false)
                        .flatMap(t -> StreamSupport.stream(t.path("spans").spliterator(), false))
                        .map(span -> span.path("operationName").asString())
                        .toList();
                assertThat(operations).contains("GET /work");
              });
    }
  }

  @Test
  @DisplayName("span metrics of SERVER spans are in Prometheus for each service")
  void spanMetricsReachPrometheus() {
    List<SteadyLoad> loads =
        APPS.stream()
            .map(app -> SteadyLoad.start(cluster.serviceUrl(apps, app, 8080).resolve("/work"), 5))
            .toList();
    try {
      await("traces_span_metrics_calls_total of every app in Prometheus")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(
                          PipelineApis.query(
                                  prometheus,
                                  "sum by (service_name) (traces_span_metrics_calls_total{span_kind=\"SPAN_KIND_SERVER\",span_name=\"GET /work\"})",
                                  "service_name")
                              .keySet())
                      .containsAll(APPS));
      // One bucket set per status code: an app that answered errors earlier (a saturated queue's
      // 503s) has a second one.
      assertThat(
              PipelineApis.query(
                  prometheus,
                  "count by (service_name) (traces_span_metrics_duration_milliseconds_bucket{span_kind=\"SPAN_KIND_SERVER\",span_name=\"GET /work\",status_code=\"STATUS_CODE_UNSET\"})",
                  "service_name"))
          .as("one bucket series per declared bucket, plus +Inf")
          .containsEntry("java-app", (double) BUCKETS.length + 1);
    } finally {
      loads.forEach(SteadyLoad::close);
    }
  }

  @Test
  @DisplayName("the Deployment replica series are published as kube-state-metrics does")
  void replicaSeries() {
    await("kube_deployment_* of the apps in Prometheus")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              Map<String, Double> spec =
                  PipelineApis.query(
                      prometheus,
                      "kube_deployment_spec_replicas{namespace=\"" + apps + "\"}",
                      "deployment");
              Map<String, Double> ready =
                  PipelineApis.query(
                      prometheus,
                      "kube_deployment_status_replicas_ready{namespace=\"" + apps + "\"}",
                      "deployment");
              assertThat(spec)
                  .containsOnlyKeys(APPS)
                  .allSatisfy((d, v) -> assertThat(v).isEqualTo(1.0));
              assertThat(ready)
                  .containsOnlyKeys(APPS)
                  .allSatisfy((d, v) -> assertThat(v).isEqualTo(1.0));
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java-app", "node-app", "python-app"})
  @DisplayName("at steady load, the recording rule's p95 is within one bucket of the client's p95")
  void ruleP95MatchesTheClient(String app) {
    startSteadyLoadOnEveryApp();
    // Long enough that the rule's 30 s window holds only steady-state spans, plus the pipeline's
    // lag (batch 1 s, flush 5 s, scrape 5 s, evaluation 5 s). The three apps' loads run together,
    // so the later cases find their window already full.
    await("the rule's 30 s window filled with steady load of " + app)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> System.nanoTime() - steadyFrom > Duration.ofSeconds(45).toNanos());
    Map<String, Double> rule =
        PipelineApis.query(prometheus, P95_RULE + "{service_name=\"" + app + "\"}", "service_name");
    List<SteadyLoad.Sample> samples = steady.get(app).since(steadyFrom);
    double client = SteadyLoad.quantile(samples, 0.95);
    // Both values sit in (or beside) the bucket of the true p95: the larger of their buckets'
    // widths bounds the difference.
    double width = Math.max(bucketWidthAt(client), bucketWidthAt(rule.getOrDefault(app, client)));
    System.out.printf(
        "%s: rule p95 %.1f ms, client p95 %.1f ms over %d requests, bound %.0f ms%n",
        app, rule.get(app), client, samples.size(), width);
    assertThat(samples).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
    assertThat(rule).containsKey(app);
    assertThat(rule.get(app)).isCloseTo(client, org.assertj.core.data.Offset.offset(width));
  }

  /** 20 requests/s on each app, half a replica's capacity, from now until the class ends. */
  private void startSteadyLoadOnEveryApp() {
    if (steady.isEmpty()) {
      for (String app : APPS) {
        steady.put(app, SteadyLoad.start(cluster.serviceUrl(apps, app, 8080).resolve("/work"), 20));
      }
      steadyFrom = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    }
  }

  /** The width of the bucket that holds {@code value} (its upper bound minus its lower bound). */
  static double bucketWidthAt(double value) {
    double lower = 0;
    for (double upper : BUCKETS) {
      if (value <= upper) {
        return upper - lower;
      }
      lower = upper;
    }
    throw new IllegalArgumentException(value + " ms is past the last bucket");
  }
}
