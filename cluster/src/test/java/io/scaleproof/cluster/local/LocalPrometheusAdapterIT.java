package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.lint.PrometheusAdapterRules;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus Adapter in KEDA's place: the real Prometheus (a pod on the node) scrapes a
 * latency this test serves; the Adapter's external rule turns that series into an external metric;
 * the real HPA controller reads it through the aggregation layer and the Adapter, and scales the
 * echo Deployment; the latency falls and the replicas follow. No KEDA runs.
 */
@Tag("local")
class LocalPrometheusAdapterIT {
  private static final String RULES =
      """
      externalRules:
        - seriesQuery: '{__name__="scaleproof_test_latency_p95_ms",service_name!=""}'
          resources: {namespaced: false}
          name: {as: test_latency_p95_ms}
          metricsQuery: max(<<.Series>>{<<.LabelMatchers>>})
      """;

  @TempDir static Path directory;
  private static Path rules;
  private static LocalCluster cluster;
  private static HttpServer exporter;
  private static final AtomicInteger LATENCY = new AtomicInteger();
  private static final AtomicInteger SCRAPES = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    rules = Files.writeString(directory.resolve("adapter-rules.yaml"), RULES);
    cluster =
        LocalCluster.start(
            LocalClusterConfig.of(
                    directory.resolve("cluster"),
                    RuntimeTable.load(ProjectFiles.find("cluster/runtimes.yaml")))
                .withHpaSyncPeriod(Duration.ofSeconds(5))
                .withPrometheusAdapter(
                    new PrometheusAdapterSettings(
                        rules,
                        URI.create("http://prometheus.default.svc.cluster.local:9090"),
                        Duration.ofSeconds(5))));
    // Prometheus 3 refuses a scrape without the exposition format's Content-Type.
    exporter =
        EchoScaling.serve(
            cluster.addresses().nodeIp(),
            "/metrics",
            "text/plain; version=0.0.4",
            () -> {
              SCRAPES.incrementAndGet();
              return "scaleproof_test_latency_p95_ms{service_name=\"echo\"} "
                  + LATENCY.get()
                  + "\n";
            });
  }

  @AfterAll
  static void stop() {
    if (exporter != null) {
      exporter.stop(0);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("an HPA on the Adapter's metric scales echo 1 → 3 at 300 ms per 100, and back at 50")
  void scalesOnTheAdaptersMetric() throws Exception {
    assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .as("no KEDA: its CRDs are not installed")
        .noneMatch(crd -> crd.getSpec().getGroup().equals("keda.sh"));
    LATENCY.set(300);
    cluster.apply(prometheus());
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.client().apps().deployments().inNamespace("default").withName("echo").scale(1);
    cluster.apply(List.of(hpa()));

    EchoScaling.awaitReady(cluster, 3, LocalPrometheusAdapterIT::state);
    assertThat(EchoScaling.rescales(cluster))
        .as("the real HPA controller's decisions")
        .anyMatch(m -> m.startsWith("New size: 3; reason: external metric test_latency_p95_ms"));
    HorizontalPodAutoscaler hpa = liveHpa();
    assertThat(hpa.getStatus().getCurrentMetrics().get(0).getExternal().getCurrent().getValue())
        .as("the value the Adapter served: Prometheus's latest sample of the series")
        .isEqualTo(new Quantity("300"));
    // scaleproof's reading of the same rules gives the query that reads what the Adapter served.
    var served =
        PrometheusAdapterRules.read(rules)
            .serving("test_latency_p95_ms", List.of("scaleproof_test_latency_p95_ms"));
    assertThat(served).hasSize(1);
    String query =
        served
            .get(0)
            .rule()
            .query(
                served.get(0).series(),
                "default",
                hpa.getSpec().getMetrics().get(0).getExternal().getMetric().getSelector());
    assertThat(query).isEqualTo("max(scaleproof_test_latency_p95_ms{service_name=\"echo\"})");
    assertThat(instantValue(query)).as("the query's value in Prometheus").isEqualTo("300");

    LATENCY.set(50);
    EchoScaling.awaitReady(cluster, 1, LocalPrometheusAdapterIT::state);
    assertThat(EchoScaling.rescales(cluster)).anyMatch(m -> m.startsWith("New size: 1"));
    assertThat(cluster.exitedPrograms()).isEmpty();
  }

  /** The real Prometheus as a pod, scraping the test's exporter on the node's address. */
  private static List<io.fabric8.kubernetes.api.model.HasMetadata> prometheus()
      throws java.io.IOException {
    String config =
        """
        global: {scrape_interval: 1s, scrape_timeout: 1s}
        scrape_configs:
          - job_name: test
            static_configs:
              - targets: ['%s:%d']
        """
            .formatted(cluster.addresses().nodeIp(), exporter.getAddress().getPort());
    List<io.fabric8.kubernetes.api.model.HasMetadata> objects =
        new java.util.ArrayList<>(
            List.of(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("prometheus")
                    .withNamespace("default")
                    .endMetadata()
                    .withData(Map.of("prometheus.yml", config))
                    .build()));
    objects.addAll(
        Manifests.load(
            Files.writeString(
                directory.resolve("prometheus.yaml"),
                """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: prometheus, namespace: default}
            spec:
              selector: {matchLabels: {app: prometheus}}
              template:
                metadata: {labels: {app: prometheus}}
                spec:
                  containers:
                    - name: prometheus
                      image: prom/prometheus:v3.14.0
                      args: [--config.file=/etc/prometheus/prometheus.yml, --web.listen-address=0.0.0.0:9090]
                      ports: [{name: http, containerPort: 9090}]
                      readinessProbe: {httpGet: {path: /-/ready, port: http}, periodSeconds: 1}
                      volumeMounts: [{name: config, mountPath: /etc/prometheus}]
                  volumes: [{name: config, configMap: {name: prometheus}}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: prometheus, namespace: default}
            spec:
              selector: {app: prometheus}
              ports: [{name: http, port: 9090, targetPort: http}]
            """)));
    return objects;
  }

  /** An HPA on the Adapter's external metric: 100 ms per replica, no stabilization either way. */
  private static HorizontalPodAutoscaler hpa() {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("echo")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName("echo")
        .endScaleTargetRef()
        .withMinReplicas(1)
        .withMaxReplicas(3)
        .addNewMetric()
        .withType("External")
        .withNewExternal()
        .withNewMetric()
        .withName("test_latency_p95_ms")
        .withNewSelector()
        .addToMatchLabels("service_name", "echo")
        .endSelector()
        .endMetric()
        .withNewTarget()
        .withType("Value")
        .withValue(new Quantity("100"))
        .endTarget()
        .endExternal()
        .endMetric()
        .withNewBehavior()
        .withNewScaleDown()
        .withStabilizationWindowSeconds(0)
        .endScaleDown()
        .endBehavior()
        .endSpec()
        .build();
  }

  /** The HPA as its controller last wrote it. */
  private static HorizontalPodAutoscaler liveHpa() {
    return cluster
        .client()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("default")
        .withName("echo")
        .get();
  }

  /** What the HPA controller, Prometheus, the external metrics API and the Adapter say. */
  private static String state() {
    HorizontalPodAutoscaler hpa = liveHpa();
    if (hpa == null || hpa.getStatus() == null) {
      return "none yet";
    }
    return hpa.getStatus().getConditions().stream()
            .map(c -> c.getType() + "=" + c.getStatus() + " (" + c.getMessage() + ")")
            .toList()
        + "; Prometheus: "
        + prometheusState()
        + "; the external metrics API lists: "
        + externalMetrics()
        + "; the Adapter's last lines: "
        + lastLines(directory.resolve("cluster/logs/prometheus-adapter.log"), 6);
  }

  /** The value of {@code query} now, through the Prometheus Service. */
  private static String instantValue(String query) throws Exception {
    URI url =
        URI.create(
            cluster.serviceUrl("default", "prometheus", 9090)
                + "/api/v1/query?query="
                + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8));
    String body =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(url).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    java.util.regex.Matcher value =
        java.util.regex.Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"\\]").matcher(body);
    return value.find() ? value.group(1) : body;
  }

  /** The Prometheus pod's readiness, the scrapes the exporter served, and the pod's last lines. */
  private static String prometheusState() {
    var pods = cluster.client().pods().inNamespace("default").withLabel("app", "prometheus").list();
    if (pods.getItems().isEmpty()) {
      return "no pod";
    }
    var pod = pods.getItems().get(0);
    return pod.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(c -> "Ready=" + c.getStatus())
            .toList()
        + ", "
        + SCRAPES.get()
        + " scrapes served, its last lines: "
        + lastLines(cluster.logs("default", pod.getMetadata().getName()), 3);
  }

  private static String lastLines(String text, int count) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  private static String externalMetrics() {
    try {
      return cluster.client().raw("/apis/external.metrics.k8s.io/v1beta1");
    } catch (Exception e) {
      return "(" + e + ")";
    }
  }

  private static String lastLines(Path log, int count) {
    try {
      return lastLines(Files.readString(log), count);
    } catch (java.io.IOException e) {
      return "(" + e + ")";
    }
  }
}
