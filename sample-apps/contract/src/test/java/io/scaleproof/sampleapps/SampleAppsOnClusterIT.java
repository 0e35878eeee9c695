package io.scaleproof.sampleapps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample services run from their own manifests on the embedded cluster. */
class SampleAppsOnClusterIT {
  private static final Path SAMPLE_APPS = Path.of("..").toAbsolutePath().normalize();
  private static SimCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster =
        SimCluster.start(
            SimClusterConfig.defaults()
                .withCrashBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
    cluster.apply(SAMPLE_APPS.resolve("namespace.yaml"));
  }

  @AfterAll
  static void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java", "node", "python"})
  @DisplayName("each app becomes Ready from its manifests and serves /work through its Service")
  void appServesThroughItsService(String language) throws IOException {
    String name = language + "-app";
    cluster.apply(SAMPLE_APPS.resolve(language).resolve("k8s"));

    await(name + " ready")
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              Deployment d =
                  cluster.client().apps().deployments().inNamespace("apps").withName(name).get();
              assertThat(d.getStatus()).as(name + " status").isNotNull();
              assertThat(d.getStatus().getReadyReplicas())
                  .as(name + " ready replicas")
                  .isEqualTo(1);
            });
    URI url = cluster.serviceUrl("apps", name, 8080).resolve("/work");
    Pod pod = pods(name).get(0);

    assertThat(get(url)).contains("\"instance\"", pod.getMetadata().getName());
    assertThat(cluster.logs("apps", pod.getMetadata().getName()))
        .contains("listening on " + pod.getStatus().getPodIP() + ":8080");
  }

  @Test
  @DisplayName(
      "an APP_ value that does not parse crash-loops the new pod with the message in its log")
  void badValueCrashLoopsWithTheMessage() {
    cluster.apply(SAMPLE_APPS.resolve("node").resolve("k8s"));
    await("node-app ready")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                pods("node-app").stream()
                    .anyMatch(io.scaleproof.cluster.sim.controller.Pods::isReady));

    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("apps")
        .withName("node-app")
        .edit(
            d -> {
              List<EnvVar> env =
                  d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
              env.removeIf(v -> v.getName().equals("APP_CONCURRENCY"));
              env.add(new EnvVar("APP_CONCURRENCY", "many", null));
              return d;
            });

    await("the new node-app pod in CrashLoopBackOff")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(pods("node-app"))
                    .anySatisfy(
                        pod -> {
                          assertThat(pod.getStatus().getContainerStatuses()).isNotEmpty();
                          var status = pod.getStatus().getContainerStatuses().get(0);
                          assertThat(status.getState().getWaiting()).isNotNull();
                          assertThat(status.getState().getWaiting().getReason())
                              .isEqualTo("CrashLoopBackOff");
                          assertThat(status.getLastState().getTerminated().getExitCode())
                              .isEqualTo(2);
                          assertThat(cluster.logs("apps", pod.getMetadata().getName()))
                              .contains("APP_CONCURRENCY: 'many' is not a whole number");
                        }));
    assertThat(pods("node-app"))
        .as("the old pod keeps serving (maxUnavailable rounds down to 0)")
        .anyMatch(io.scaleproof.cluster.sim.controller.Pods::isReady);
  }

  private static List<Pod> pods(String app) {
    return cluster
        .client()
        .pods()
        .inNamespace("apps")
        .withLabel("app.kubernetes.io/name", app)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null)
        .toList();
  }

  private static String get(URI url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setRequestProperty("Connection", "close");
    try (InputStream in = connection.getInputStream()) {
      assertThat(connection.getResponseCode()).isEqualTo(200);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
