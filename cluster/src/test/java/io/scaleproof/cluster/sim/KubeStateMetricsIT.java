package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.ProjectFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kube-state-metrics Deployment series, scraped through their Service as Prometheus does. */
class KubeStateMetricsIT {
  @RegisterExtension
  final EmbeddedCluster embedded = EmbeddedCluster.perTest(SimClusterConfig.defaults());

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName("spec and ready replicas follow a Deployment as it scales, labelled as upstream")
  void replicaSeriesFollowTheDeployment(SimCluster cluster) {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    URI metrics = cluster.serviceUrl("kube-system", "kube-state-metrics", 8080).resolve("/metrics");

    await("echo 2/2 in kube-state-metrics")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(scrape(metrics))
                    .contains(
                        "kube_deployment_spec_replicas{deployment=\"echo\",namespace=\"default\"} 2.0")
                    .contains(
                        "kube_deployment_status_replicas_ready{deployment=\"echo\",namespace=\"default\"} 2.0"));

    cluster.client().apps().deployments().inNamespace("default").withName("echo").scale(3);

    await("echo 3/3 in kube-state-metrics")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(scrape(metrics))
                    .contains(
                        "kube_deployment_spec_replicas{deployment=\"echo\",namespace=\"default\"} 3.0")
                    .contains(
                        "kube_deployment_status_replicas_ready{deployment=\"echo\",namespace=\"default\"} 3.0")
                    .contains("# TYPE kube_deployment_status_replicas_available gauge"));
  }

  private String scrape(URI metrics) throws Exception {
    return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
