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

/**
 * The KEDA and HPA emulation on the embedded cluster, against a loopback stand-in for Prometheus
 * whose answer the test sets: the generated HPA, scaling with metricType Value, status and Events,
 * and a refused ScaledObject that leaves the others serving. HPA syncs every second here.
 */
class KedaControllerIT {

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
  void scalesWithAValueTrigger() throws Exception {
    SimClusterConfig config = SimClusterConfig.defaults().withHpaSyncPeriod(Duration.ofSeconds(1));
    try (SimCluster cluster = SimCluster.start(config)) {
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

      assertThat(events(cluster, "SuccessfulRescale"))
          .as(
              "events: %s",
              cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                  .map(e -> e.getReason() + ": " + e.getMessage())
                  .toList())
          .anyMatch(
              e ->
                  e.getMessage().startsWith("New size: ")
                      && e.getMessage().contains("above target"));
      GenericKubernetesResource echo = scaledObject(cluster, "echo");
      assertThat(conditions(echo))
          .anyMatch(c -> c.get("type").equals("Ready") && c.get("status").equals("True"));
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
  }

  private static String scaledObject(String name, String target, String metricType) {
    return """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: %s, namespace: default}
        spec:
          scaleTargetRef: {name: %s}
          minReplicaCount: 1
          maxReplicaCount: 8
          pollingInterval: 1
          advanced:
            horizontalPodAutoscalerConfig:
              behavior:
                scaleDown: {stabilizationWindowSeconds: 0}
          triggers:
            - type: prometheus
              metricType: %s
              metadata: {serverAddress: "%s", query: "p95", threshold: "100"}
        """
        .formatted(name, target, metricType, "PROMETHEUS");
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
