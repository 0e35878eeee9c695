package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend's node on the real control plane, as one journey: the real scheduler binds a
 * Deployment's pods to the process kubelet, which runs them; the ClusterIP the real API server
 * allocated balances over them; the real Deployment controller scales them up and down; a killed
 * process is restarted; the real garbage collector removes it all; and close leaves nothing.
 */
@Tag("local")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
  @TempDir static Path directory;
  private static LocalCluster cluster;

  @BeforeAll
  static void start() {
    cluster =
        LocalCluster.start(
            LocalClusterConfig.of(
                directory, RuntimeTable.load(ProjectFiles.find("cluster/runtimes.yaml"))));
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName(
      "the node registers with capacity, keeps its lease, and the scheduler binds both pods to it")
  void podsRunOnTheNode() {
    EchoScaling.awaitReady(cluster, 2);
    Node node = cluster.client().nodes().withName(LocalCluster.NODE_NAME).get();
    assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
    assertThat(
            cluster
                .client()
                .leases()
                .inNamespace("kube-node-lease")
                .withName(LocalCluster.NODE_NAME)
                .get())
        .as("the node's lease")
        .isNotNull();
    assertThat(pods())
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).isEqualTo(LocalCluster.NODE_NAME);
              // The API shows the pod network (a real API server refuses loopback endpoints); the
              // process listens on the same host number of the node's loopback block.
              assertThat(pod.getStatus().getPodIP())
                  .startsWith("10." + cluster.addresses().podPrefix().substring("127.".length()));
            });
    assertThat(
            cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                .map(
                    e ->
                        e.getSource() != null && e.getSource().getComponent() != null
                            ? e.getSource().getComponent()
                            : e.getReportingComponent())
                .toList())
        .as("the Events' sources: the real scheduler and the node's kubelet")
        .contains("default-scheduler", "kubelet");
  }

  @Test
  @Order(2)
  @DisplayName(
      "a pod's log through the real API server, from the node's log endpoint (kubectl logs)")
  void logsThroughTheApiServer() {
    Pod pod = pods().get(0);
    String log =
        cluster
            .client()
            .pods()
            .inNamespace("default")
            .withName(pod.getMetadata().getName())
            .getLog();
    assertThat(log).contains("echo-server " + pod.getMetadata().getName() + " listening on");
  }

  @Test
  @Order(2)
  @DisplayName("the Service's ClusterIP, allocated by the API server, balances over both pods")
  void serviceBalances() throws Exception {
    URI url = cluster.serviceUrl("default", "echo", 8080);
    assertThat(url.getHost()).startsWith(cluster.addresses().servicePrefix());
    List<String> pods = pods().stream().map(p -> p.getMetadata().getName()).toList();
    // The real EndpointSlice controller adds a pod as it turns Ready, a moment after the pod.
    await("both pods answer through the Service")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Integer> hits = new HashMap<>();
              for (int i = 0; i < 30; i++) {
                hits.merge(podAnswering(url), 1, Integer::sum);
              }
              assertThat(hits.keySet()).containsExactlyInAnyOrderElementsOf(pods);
            });
  }

  /** The pod that answers one request on a connection of its own (balanced anew, as kube-proxy). */
  private static String podAnswering(URI url) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    return body.replaceAll("(?s).*\"pod\":\\s*\"([^\"]+)\".*", "$1");
  }

  @Test
  @Order(3)
  @DisplayName(
      "scaling 2 → 4 → 1 through the real Deployment controller starts and stops processes")
  void processesFollowScale() {
    cluster.client().apps().deployments().inNamespace("default").withName("echo").scale(4);
    EchoScaling.awaitReady(cluster, 4);
    cluster.client().apps().deployments().inNamespace("default").withName("echo").scale(1);
    EchoScaling.awaitReady(cluster, 1);
    await("surplus pods deleted (the kubelet stopped them and deleted them with no grace left)")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(pods()).hasSize(1));
    await("one echo process left")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.containerPids()).hasSize(1));
  }

  @Test
  @Order(4)
  @DisplayName(
      "deleting the Deployment: the real garbage collector removes its ReplicaSet and pods, the kubelet its processes")
  void deletionCascades() {
    cluster.client().apps().deployments().inNamespace("default").withName("echo").delete();
    await("echo pods, ReplicaSets and processes gone")
        .atMost(Duration.ofSeconds(60))
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
            });
  }

  @Test
  @Order(5)
  @DisplayName("close stops every program and leaves nothing listening")
  void closeLeavesNothing() {
    List<Long> pids = cluster.pids();
    String nodeIp = cluster.addresses().nodeIp();
    cluster.close();
    assertThat(pids)
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("pid %d", pid)
                    .isEmpty());
    for (int port : List.of(2379, 2380, 6443, 10257, 10259)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(nodeIp, port), 500);
        throw new AssertionError("something still listens on " + nodeIp + ":" + port);
      } catch (IOException expected) {
        // refused: nothing listens
      }
    }
  }

  private static List<Pod> pods() {
    return cluster
        .client()
        .pods()
        .inNamespace("default")
        .withLabel("app.kubernetes.io/name", "echo")
        .list()
        .getItems();
  }
}
