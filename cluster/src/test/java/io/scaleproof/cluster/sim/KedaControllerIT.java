package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.sim.autoscaling.KedaController;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The KEDA and HPA emulation on the embedded cluster, against a loopback stand-in for Prometheus
 * whose answer the test sets: the generated HPA, scaling with metricType Value, status and Events,
 * and a refused ScaledObject that leaves the others serving. HPA syncs every second here.
 */
class KedaControllerIT {
  @RegisterExtension
  final EmbeddedCluster embedded =
      EmbeddedCluster.perTest(SimClusterConfig.defaults().withHpaSyncPeriod(Duration.ofSeconds(1)));

  private HttpServer prometheus;
  private final AtomicReference<String> value = new AtomicReference<>("50");

  @BeforeEach
  void startPrometheusStandIn() throws Exception {
    prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    prometheus.createContext(
        "/api/v1/query",
        exchange -> {
          byte[] body =
              ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\""
                      + value.get()
                      + "\"]}]}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    prometheus.start();
  }

  @AfterEach
  void stop() {
    prometheus.stop(0);
  }

  @Test
  @DisplayName("Value trigger: the HPA scales 2 → 5 on a metric 2.5× the target, then back to 2")
  void scalesWithAValueTrigger(SimCluster cluster) throws Exception {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.apply(objects(scaledObject("echo", "echo", "Value")));
    cluster.apply(objects(scaledObject("orphan", "no-such-deployment", "Value")));

    await("HPA keda-hpa-echo with its status")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HorizontalPodAutoscaler hpa = hpa(cluster, "keda-hpa-echo");
              assertThat(hpa).isNotNull();
              assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
              assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
              assertThat(hpa.getSpec().getMetrics().get(0).getExternal().getMetric().getName())
                  .isEqualTo("s0-prometheus");
              assertThat(hpa.getStatus()).isNotNull();
              assertThat(hpa.getStatus().getConditions())
                  .anyMatch(
                      c -> c.getType().equals("ScalingActive") && c.getStatus().equals("True"));
            });
    // 50 against a target of 100 on 2 ready pods: ceil(2 × 0.5) = 1.
    await("echo scaled to 1 by the Value formula")
        .atMost(Duration.ofSeconds(30))
        .until(() -> replicas(cluster) == 1);

    value.set("250");
    await("echo scaled up on a metric 2.5× the target")
        .atMost(Duration.ofSeconds(60))
        .until(() -> replicas(cluster) >= 3);

    // The Event follows the scale, as in the HPA controller.
    await("the rescale's Event")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(cluster, "SuccessfulRescale"))
                    .anyMatch(
                        e ->
                            e.getMessage().startsWith("New size: ")
                                && e.getMessage().contains("above target")));
    GenericKubernetesResource echo = scaledObject(cluster, "echo");
    assertThat(conditions(echo)).anyMatch(condition("Ready", "True", null));
    assertThat(((Map<?, ?>) echo.get("status")).get("hpaName")).isEqualTo("keda-hpa-echo");

    await("the refused ScaledObject says why")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(conditions(scaledObject(cluster, "orphan")))
                    .anyMatch(
                        c ->
                            c.get("type").equals("Ready")
                                && c.get("status").equals("False")
                                && c.get("reason").equals("ScaledObjectCheckFailed")
                                && String.valueOf(c.get("message"))
                                    .contains(
                                        "deployments.apps \"no-such-deployment\" not found")));
    assertThat(hpa(cluster, "keda-hpa-orphan")).isNull();
  }

  @Test
  @DisplayName(
      "Prometheus unreachable, no fallback: errors counted, Ready=False, the HPA stops scaling")
  void unreachableWithoutFallback(SimCluster cluster) throws Exception {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.apply(objects(scaledObject("echo", "echo", "AverageValue", UNREACHABLE, "")));

    await("the poll's errors on the ScaledObject and the HPA")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(conditions(scaledObject(cluster, "echo")))
                  .anyMatch(condition("Ready", "False", "TriggerError"))
                  .anyMatch(condition("HPAActive", "False", "FailedGetExternalMetric"));
              assertThat(hpa(cluster, "keda-hpa-echo").getStatus().getConditions())
                  .anyMatch(
                      c ->
                          c.getType().equals("ScalingActive")
                              && c.getStatus().equals("False")
                              && c.getMessage()
                                  .startsWith(
                                      "the HPA was unable to compute the replica count: unable"
                                          + " to get external metric default/s0-prometheus/")
                              && c.getMessage().endsWith("metric:s0-prometheus encountered error"));
            });
    assertThat(replicas(cluster)).as("no scaling without a metric").isEqualTo(2);
    assertThat(events(cluster, "KEDAScalerFailed"))
        .anyMatch(e -> e.getMessage().contains("/api/v1/query"));
    String metrics = scrape(cluster);
    assertThat(
            value(
                metrics,
                "keda_scaled_object_errors_total{namespace=\"default\",scaledObject=\"echo\"}"))
        .as(metrics)
        .isGreaterThanOrEqualTo(2);
    assertThat(
            value(
                metrics,
                "keda_scaler_detail_errors_total{metric=\"s0-prometheus\",namespace=\"default\","
                    + "scaledObject=\"echo\",scaler=\"prometheusScaler\",triggerIndex=\"0\","
                    + "type=\"scaledobject\"}"))
        .as(metrics)
        .isGreaterThanOrEqualTo(1);
    assertThat(
            value(
                metrics,
                "keda_resource_registered_total{namespace=\"default\",type=\"scaled_object\"}"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "Prometheus unreachable, fallback 3 replicas after 2 failures: scaled to 3, Fallback=True")
  void unreachableWithFallback(SimCluster cluster) throws Exception {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.apply(
        objects(
            scaledObject(
                "echo",
                "echo",
                "AverageValue",
                UNREACHABLE,
                "fallback: {failureThreshold: 2, replicas: 3}")));

    await("echo at the fallback's 3 replicas")
        .atMost(Duration.ofSeconds(30))
        .until(() -> replicas(cluster) == 3);
    GenericKubernetesResource echo = scaledObject(cluster, "echo");
    assertThat(conditions(echo)).anyMatch(condition("Fallback", "True", "FallbackExists"));
    Map<?, ?> health = (Map<?, ?>) ((Map<?, ?>) echo.get("status")).get("health");
    Map<?, ?> s0 = (Map<?, ?>) health.get("s0-prometheus");
    assertThat(s0.get("status")).isEqualTo("Failing");
    assertThat(((Number) s0.get("numberOfFailures")).intValue()).isGreaterThan(2);
    assertThat(events(cluster, "ScaledObjectFallbackActivated")).isNotEmpty();
    // While fallback serves the metric, the value KEDA reports is the fallback's: 100 × 3.
    assertThat(
            value(
                scrape(cluster),
                "keda_scaler_metrics_value{metric=\"s0-prometheus\",namespace=\"default\","
                    + "scaledObject=\"echo\",scaler=\"prometheusScaler\",triggerIndex=\"0\","
                    + "type=\"scaledobject\"}"))
        .isEqualTo(300);
  }

  @Test
  @DisplayName(
      "paused-replicas: the HPA goes, the target is held at the count; unpaused, the HPA returns")
  void pausedReplicas(SimCluster cluster) throws Exception {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.apply(objects(scaledObject("echo", "echo", "Value")));
    await("HPA created")
        .atMost(Duration.ofSeconds(30))
        .until(() -> hpa(cluster, "keda-hpa-echo") != null);

    annotate(cluster, "autoscaling.keda.sh/paused-replicas", "4");
    await("paused at 4 replicas, no HPA")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(replicas(cluster)).isEqualTo(4);
              assertThat(hpa(cluster, "keda-hpa-echo")).isNull();
              GenericKubernetesResource echo = scaledObject(cluster, "echo");
              assertThat(conditions(echo))
                  .anyMatch(condition("Paused", "True", null))
                  .anyMatch(
                      c ->
                          c.get("type").equals("Ready")
                              && c.get("message").equals("ScaledObject is paused"));
              assertThat(((Map<?, ?>) echo.get("status")).get("pausedReplicaCount")).isEqualTo(4);
            });
    assertThat(
            value(
                scrape(cluster),
                "keda_scaled_object_paused{namespace=\"default\",scaledObject=\"echo\"}"))
        .isEqualTo(1);

    annotate(cluster, "autoscaling.keda.sh/paused-replicas", null);
    await("unpaused: the HPA is back and scales by the metric again")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(hpa(cluster, "keda-hpa-echo")).isNotNull();
              assertThat(conditions(scaledObject(cluster, "echo")))
                  .anyMatch(condition("Paused", "False", "ScaledObjectUnpaused"));
              // 50 against 100 on 4 ready pods: ceil(4 × 0.5) = 2.
              assertThat(replicas(cluster)).isLessThan(4);
            });
    assertThat(events(cluster, "ScaledObjectUnpaused")).isNotEmpty();
  }

  @Test
  @DisplayName("a ScaledObject refused for a missing target recovers when the target appears")
  void refusedThenRetried(SimCluster cluster) throws Exception {
    cluster.apply(objects(scaledObject("echo", "echo", "Value")));
    await("refused: no target")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(conditions(scaledObject(cluster, "echo")))
                    .anyMatch(
                        c ->
                            c.get("type").equals("Ready")
                                && c.get("status").equals("False")
                                && c.get("message")
                                    .equals(
                                        "ScaledObject doesn't have correct scaleTargetRef"
                                            + " specification: deployments.apps \"echo\" not"
                                            + " found"))
                    .anyMatch(
                        c ->
                            c.get("type").equals("Active")
                                && c.get("reason").equals("UnknownState")));

    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    await("ready once the Deployment exists, on the controller's back-off")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(conditions(scaledObject(cluster, "echo")))
                  .anyMatch(condition("Ready", "True", "ScaledObjectReady"));
              assertThat(hpa(cluster, "keda-hpa-echo")).isNotNull();
            });
    assertThat(events(cluster, "ScaledObjectReady"))
        .anyMatch(e -> e.getMessage().equals("ScaledObject is ready for scaling"));
  }

  private static final String UNREACHABLE = "http://prometheus.nowhere.svc.cluster.local:9090";

  /**
   * Sets (or, with a null value, removes) an annotation with a JSON patch, which carries no
   * resourceVersion and so does not conflict with the controller's status writes.
   */
  private static void annotate(SimCluster cluster, String key, String value) {
    String path = "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
    String json =
        value == null
            ? "[{\"op\":\"remove\",\"path\":\"" + path + "\"}]"
            : "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":\"" + value + "\"}]";
    cluster
        .client()
        .genericKubernetesResources(KedaController.SCALED_OBJECTS)
        .inNamespace("default")
        .withName("echo")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
            json);
  }

  /** KEDA's metrics, through the keda-operator Service as Prometheus scrapes them. */
  private static String scrape(SimCluster cluster) throws Exception {
    java.net.URI url = cluster.serviceUrl("keda", "keda-operator", 8080).resolve("/metrics");
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(url).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A sample's value from the text format; labels in the exposition's (sorted) order. */
  private static double value(String exposition, String series) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + exposition));
  }

  private String scaledObject(String name, String target, String metricType) {
    return scaledObject(name, target, metricType, "PROMETHEUS", "");
  }

  private static String scaledObject(
      String name, String target, String metricType, String server, String extra) {
    return """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: %s, namespace: default}
        spec:
          scaleTargetRef: {name: %s}
          minReplicaCount: 1
          maxReplicaCount: 8
          pollingInterval: 1
          %s
          advanced:
            horizontalPodAutoscalerConfig:
              behavior:
                scaleDown: {stabilizationWindowSeconds: 0}
          triggers:
            - type: prometheus
              metricType: %s
              metadata: {serverAddress: "%s", query: "p95", threshold: "100"}
        """
        .formatted(name, target, extra, metricType, server);
  }

  private List<io.fabric8.kubernetes.api.model.HasMetadata> objects(String text) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("scaledobject", ".yaml");
    java.nio.file.Files.writeString(file, yaml(text));
    try {
      return Manifests.load(file);
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  private String yaml(String text) {
    return text.replace("PROMETHEUS", "http://127.0.0.1:" + prometheus.getAddress().getPort());
  }

  private static int replicas(SimCluster cluster) {
    return cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("echo")
        .get()
        .getSpec()
        .getReplicas();
  }

  private static HorizontalPodAutoscaler hpa(SimCluster cluster, String name) {
    return cluster
        .client()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("default")
        .withName(name)
        .get();
  }

  private static GenericKubernetesResource scaledObject(SimCluster cluster, String name) {
    return cluster
        .client()
        .genericKubernetesResources(KedaController.SCALED_OBJECTS)
        .inNamespace("default")
        .withName(name)
        .get();
  }

  /** A condition of that type and status, and that reason unless null. */
  private static java.util.function.Predicate<Map<String, Object>> condition(
      String type, String status, String reason) {
    return c ->
        type.equals(c.get("type"))
            && status.equals(c.get("status"))
            && (reason == null || reason.equals(c.get("reason")));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> conditions(GenericKubernetesResource so) {
    Object status = so.get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return List.of();
    }
    return (List<Map<String, Object>>) list;
  }

  private static List<Event> events(SimCluster cluster, String reason) {
    return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
