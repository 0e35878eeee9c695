package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaleproof.cluster.KubeClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded cluster end to end, as one journey: a Deployment and Service of a real HTTP server
 * become Ready through the API, traffic reaches every pod through the Service, scaling moves the
 * processes, a killed process is restarted, and deleting the Deployment removes them all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimClusterIT {
  private static final Path ECHO = Path.of("demo", "echo.yaml");
  private static final Pattern POD_FIELD = Pattern.compile("\"pod\": \"([^\"]+)\"");

  @RegisterExtension
  static final EmbeddedCluster EMBEDDED =
      EmbeddedCluster.perClass(SimClusterConfig.defaults().withCloseGrace(Duration.ofSeconds(5)));

  private static SimCluster cluster;

  @BeforeAll
  static void clusterOfTheClass(SimCluster started) {
    cluster = started;
  }

  @Test
  @Order(1)
  @DisplayName("a 2-replica Deployment becomes Ready through the API")
  void deploymentBecomesReady() {
    cluster.apply(ECHO);

    awaitReadyReplicas(2);

    Deployment echo = echo();
    assertThat(echo.getStatus().getObservedGeneration())
        .isEqualTo(echo.getMetadata().getGeneration());
    assertThat(echo.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Available");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(pods())
        .allSatisfy(
            pod -> {
              assertThat(pod.getMetadata().getName())
                  .matches("echo-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}");
              assertThat(pod.getStatus().getPodIP()).startsWith(cluster.addresses().podPrefix());
            });
  }

  @Test
  @Order(2)
  @DisplayName("100 requests through the Service reach both pods")
  void serviceBalancesAcrossPods() throws IOException {
    URI url = cluster.serviceUrl("default", "echo", 8080);
    assertThat(url.getHost()).startsWith(cluster.addresses().servicePrefix());

    Map<String, Integer> hits = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      hits.merge(podAnswering(url), 1, Integer::sum);
    }

    assertThat(hits.keySet())
        .as("pods that answered 100 requests through the Service")
        .containsExactlyInAnyOrderElementsOf(
            pods().stream().map(p -> p.getMetadata().getName()).toList());
    assertThat(hits.values()).allSatisfy(n -> assertThat(n).isGreaterThan(10));
    assertThat(
            cluster
                .client()
                .endpoints()
                .inNamespace("default")
                .withName("echo")
                .get()
                .getSubsets()
                .get(0)
                .getAddresses())
        .as("ready addresses of Endpoints default/echo")
        .extracting(a -> a.getTargetRef().getName())
        .containsExactlyInAnyOrderElementsOf(hits.keySet());
  }

  @Test
  @Order(2)
  @DisplayName("the run's kubeconfig and the pods/log subresource work as on a cluster")
  void kubeconfigAndLogsWork() throws IOException {
    String kubeconfig = java.nio.file.Files.readString(cluster.kubeconfig());
    try (var fromKubeconfig =
        KubeClients.api(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig))) {
      List<Pod> seen = fromKubeconfig.pods().inNamespace("default").list().getItems();
      assertThat(seen).hasSize(2);

      String name = seen.get(0).getMetadata().getName();
      assertThat(fromKubeconfig.pods().inNamespace("default").withName(name).getLog())
          .contains("echo-server " + name + " listening on " + seen.get(0).getStatus().getPodIP());
      assertThat(cluster.logs("default", name)).contains("listening on");
    }
  }

  @Test
  @Order(3)
  @DisplayName("scaling 2 → 4 → 1 starts and stops the processes")
  void processesFollowScale() {
    cluster.client().apps().deployments().inNamespace("default").withName("echo").scale(4);
    awaitReadyReplicas(4);
    assertThat(livePids()).hasSize(4);

    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("echo")
        .edit(
            d -> {
              d.getSpec().setReplicas(1);
              return d;
            });
    awaitReadyReplicas(1);
    await("surplus echo processes stopped")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(livePids()).hasSize(1));
    await("surplus echo pods deleted")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(pods()).hasSize(1));
  }

  @Test
  @Order(4)
  @DisplayName("a killed container process is restarted and its restartCount is 1")
  void killedProcessIsRestarted() {
    Pod pod = pods().get(0);
    long pid = pidOf(pod);

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    await("echo pod restarted after its process was killed")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Pod current =
                  cluster
                      .client()
                      .pods()
                      .inNamespace("default")
                      .withName(pod.getMetadata().getName())
                      .get();
              var status = current.getStatus().getContainerStatuses().get(0);
              assertThat(status.getRestartCount()).isEqualTo(1);
              assertThat(status.getReady()).isTrue();
              assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(137);
              assertThat(pidOf(current)).isNotEqualTo(pid);
            });
  }

  @Test
  @Order(5)
  @DisplayName("deleting the Deployment removes its pods and processes")
  void deletingDeploymentStopsProcesses() {
    List<Long> before = livePids();
    assertThat(before).isNotEmpty();

    cluster.client().apps().deployments().inNamespace("default").withName("echo").delete();

    await("echo pods, ReplicaSets and processes gone")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(pods()).isEmpty();
              assertThat(
                      cluster
                          .client()
                          .apps()
                          .replicaSets()
                          .inNamespace("default")
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(cluster.containerPids()).isEmpty();
              assertThat(before)
                  .noneMatch(
                      pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            });
  }

  private static void awaitReadyReplicas(int replicas) {
    await("echo Deployment with " + replicas + " ready replicas")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Deployment d = echo();
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
            });
  }

  private static Deployment echo() {
    return cluster.client().apps().deployments().inNamespace("default").withName("echo").get();
  }

  private static List<Pod> pods() {
    return cluster
        .client()
        .pods()
        .inNamespace("default")
        .withLabel("app.kubernetes.io/name", "echo")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static List<Long> livePids() {
    return cluster.containerPids().stream()
        .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .toList();
  }

  private static long pidOf(Pod pod) {
    String id = pod.getStatus().getContainerStatuses().get(0).getContainerID();
    return Long.parseLong(id.substring("sim://".length()));
  }

  /** One request on a connection of its own, so that the Service balances each one. */
  private static String podAnswering(URI url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setRequestProperty("Connection", "close");
    connection.setConnectTimeout(2_000);
    connection.setReadTimeout(5_000);
    try (InputStream in = connection.getInputStream()) {
      assertThat(connection.getResponseCode()).isEqualTo(200);
      Matcher pod = POD_FIELD.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(pod.find()).isTrue();
      return pod.group(1);
    } finally {
      connection.disconnect();
    }
  }
}
