package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.net.InetSocketAddress;
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
 * Real KEDA and the real HPA controller scale pods that run on the node: a ScaledObject with KEDA's
 * metrics-api scaler on a value this test serves; KEDA makes the HPA, the HPA controller reads the
 * value through the aggregation layer and KEDA's metrics server, scales the Deployment, and the
 * node runs the pods; the value falls and the replicas follow.
 */
@Tag("local")
class LocalKedaIT {
  @TempDir static Path directory;
  private static LocalCluster cluster;
  private static HttpServer metric;
  private static final AtomicInteger VALUE = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    cluster =
        LocalCluster.start(
            LocalClusterConfig.of(
                    directory, RuntimeTable.load(ProjectFiles.find("cluster/runtimes.yaml")))
                .withHpaSyncPeriod(Duration.ofSeconds(5)));
    metric =
        EchoScaling.serve(
            cluster.addresses().nodeIp(),
            "/metric",
            "application/json",
            () -> "{\"value\": " + VALUE.get() + "}");
  }

  @AfterAll
  static void stop() {
    if (metric != null) {
      metric.stop(0);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("KEDA's HPA scales the echo pods 1 → 3 at a value of 30 per 10, and back to 1 at 5")
  void scalesOnTheValue() {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.client().apps().deployments().inNamespace("default").withName("echo").scale(1);
    VALUE.set(30);
    serveMetricAsService();
    cluster
        .client()
        .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
        .inNamespace("default")
        .resource(scaledObject(metric.getAddress()))
        .create();

    EchoScaling.awaitReady(cluster, 3);
    HorizontalPodAutoscaler hpa =
        cluster
            .client()
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace("default")
            .withName("keda-hpa-echo")
            .get();
    assertThat(hpa.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "keda-operator");
    assertThat(
            hpa.getStatus()
                .getCurrentMetrics()
                .get(0)
                .getExternal()
                .getCurrent()
                .getAverageValue()
                .getAmount())
        .as("the value KEDA served, per replica")
        .isNotBlank();
    assertThat(EchoScaling.rescales(cluster))
        .as("the real HPA controller's decisions")
        .anyMatch(m -> m.startsWith("New size: 3"));
    // KEDA's own poll (every 5 s) marks the ScaledObject Active; the HPA may act before it does.
    await("the ScaledObject Ready and Active, as KEDA's operator writes them")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        PlainValues.list(
                            PlainValues.at(
                                cluster
                                    .client()
                                    .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
                                    .inNamespace("default")
                                    .withName("echo")
                                    .get()
                                    .getAdditionalProperties(),
                                "status",
                                "conditions")))
                    .map(PlainValues::map)
                    .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")))
                    .anyMatch(
                        c -> "Active".equals(c.get("type")) && "True".equals(c.get("status"))));

    VALUE.set(5);
    EchoScaling.awaitReady(cluster, 1);
    assertThat(EchoScaling.rescales(cluster)).anyMatch(m -> m.startsWith("New size: 1"));
    assertThat(cluster.exitedPrograms()).isEmpty();
  }

  /**
   * The test's value server as the Service {@code default/metric} on port 8080, its endpoint the
   * node's address on the pod network (where the test's server listens, translated back by the
   * node's balancer).
   */
  private static void serveMetricAsService() {
    cluster.apply(
        List.of(
            new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata()
                .withName("metric")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName("http")
                .withPort(8080)
                .endPort()
                .endSpec()
                .build(),
            new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder()
                .withNewMetadata()
                .withName("metric")
                .withNamespace("default")
                .addToLabels("kubernetes.io/service-name", "metric")
                .addToLabels("endpointslice.kubernetes.io/managed-by", "scaleproof.io-test")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName("http")
                .withPort(metric.getAddress().getPort())
                .endPort()
                .addNewEndpoint()
                .withAddresses(
                    io.scaleproof.cluster.sim.network.PodNetwork.routed(
                            cluster.addresses().podPrefix())
                        .reported(cluster.addresses().nodeIp()))
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .build()));
  }

  private static GenericKubernetesResource scaledObject(InetSocketAddress address) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion("keda.sh/v1alpha1");
    object.setKind("ScaledObject");
    object.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("echo")
            .withNamespace("default")
            .build());
    object.setAdditionalProperty(
        "spec",
        Map.of(
            "scaleTargetRef", Map.of("name", "echo"),
            "minReplicaCount", 1,
            "maxReplicaCount", 4,
            "pollingInterval", 5,
            "cooldownPeriod", 30,
            "advanced",
                Map.of(
                    "horizontalPodAutoscalerConfig",
                    Map.of(
                        "behavior", Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 0)))),
            "triggers",
                List.of(
                    Map.of(
                        "type", "metrics-api",
                        "metricType", "AverageValue",
                        "metadata",
                            Map.of(
                                // A cluster name, as a team's trigger names its Prometheus:
                                // KEDA reaches it through the node's ClusterNameProxy.
                                "url",
                                "http://metric.default.svc.cluster.local:8080/metric",
                                "format",
                                "json",
                                "valueLocation",
                                "value",
                                "targetValue",
                                "10")))));
    return object;
  }
}
