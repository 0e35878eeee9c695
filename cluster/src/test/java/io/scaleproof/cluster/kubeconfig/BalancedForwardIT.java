package io.scaleproof.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.kubeconfig.ServiceAccess.LoopbackServices;
import io.scaleproof.cluster.sim.EmbeddedCluster;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kubeconfig backend's way to a Service on a real cluster, against the embedded cluster's API
 * server reached through its kubeconfig: the run is told to port-forward even the embedded
 * cluster's loopback ClusterIPs. The echo Deployment's two replicas answer with their pod's name,
 * so each fresh connection shows which pod it reached. One journey: both pods reached, a scale-in
 * followed, everything closed with the run.
 *
 * <p>A fresh connection answered with nothing (1 verify in 6 once) came from fabric8's Vert.x 5
 * adapter under the port-forwards; {@code PortForwardClientIT} and {@code PortForwardListenerTest}
 * show the cause, and the forwards now use the JDK adapter.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancedForwardIT {
  private static final Path ECHO = Path.of("demo", "echo.yaml");
  private static final Duration READY = Duration.ofSeconds(30);
  private static final int CONNECTIONS = 400;
  private static final Pattern POD = Pattern.compile("\"pod\": \"([^\"]+)\"");

  @RegisterExtension
  static final EmbeddedCluster EMBEDDED =
      EmbeddedCluster.perClass(SimClusterConfig.defaults().withCloseGrace(Duration.ofSeconds(5)));

  private static SimCluster sim;
  private static KubeconfigCluster cluster;
  private static String apps;
  private static URI url;
  private static BalancedForward forward;

  /** Every address the balanced forward listened on: the balancer's and each port-forward's. */
  private static final Set<InetSocketAddress> opened = new LinkedHashSet<>();

  @BeforeAll
  static void echoOnTheEmbeddedClusterReachedThroughPortForwards(SimCluster started) {
    sim = started;
    cluster =
        KubeconfigCluster.connect(
            KubeconfigOptions.defaults()
                .withKubeconfig(sim.kubeconfig())
                .withRunDirectory(sim.runDirectory().resolve("kubeconfig-run-forward"))
                .withRunId("forward"),
            AccessReviewer::selfSubjectAccessReview,
            LoopbackServices.PORT_FORWARDED);
    apps = cluster.namespace("apps");
    List<HasMetadata> echo = Manifests.load(ECHO);
    echo.forEach(object -> object.getMetadata().setNamespace(apps));
    cluster.apply(echo);
    awaitReady(2);
  }

  @AfterAll
  static void closeTheRun() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("the Service URL is a balancer on 127.0.0.1 with a port-forward to each ready pod")
  void serviceUrlIsABalancerOverOneForwardPerPod() {
    url = cluster.serviceUrl(apps, "echo", 8080);

    forward = cluster.serviceAccess().balanced(apps, "echo", 8080).orElseThrow();
    assertThat(url.getHost()).as("the balancer's host").isEqualTo("127.0.0.1");
    assertThat(url.getPort()).isEqualTo(forward.address().getPort());
    await("a port-forward to each of the 2 echo pods")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(forward.backends()).containsOnlyKeys(livePods().toArray(String[]::new)));
    assertThat(forward.backends().values())
        .allSatisfy(
            local -> assertThat(local.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
    opened.add(forward.address());
    opened.addAll(forward.backends().values());
  }

  @Test
  @Order(2)
  @DisplayName(
      "400 fresh connections through the URL are each answered in full and reach both pods, as a"
          + " Service spreads them")
  void freshConnectionsReachBothPods() {
    Map<String, Integer> answered = new TreeMap<>();

    for (int i = 0; i < CONNECTIONS; i++) {
      answered.merge(podAnswering(url), 1, Integer::sum);
    }

    // Both answer unless 400 random picks all fell on one pod; and each of the 400 is answered in
    // full (podAnswering fails on an empty or partial answer).
    assertThat(answered)
        .as("connections answered by each pod")
        .containsOnlyKeys(livePods().toArray(String[]::new));
  }

  @Test
  @Order(2)
  @DisplayName("a port-forward to a pod port nothing listens on fails with the kubelet's error")
  void forwardToAClosedPodPortReportsTheError() throws IOException {
    String pod = livePods().get(0);
    try (LocalPortForward closedPort =
        cluster
            .client()
            .pods()
            .inNamespace(apps)
            .withName(pod)
            .portForward(9, InetAddress.getByName("127.0.0.1"), 0)) {
      try (Socket socket = new Socket("127.0.0.1", closedPort.getLocalPort())) {
        socket.setSoTimeout(5_000);
        assertThat(socket.getInputStream().read())
            .as("the forwarded connection, closed")
            .isEqualTo(-1);
      }

      await("the port-forward to " + pod + " port 9 reports its error")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(closedPort.getServerThrowables())
                      .anySatisfy(
                          error ->
                              assertThat(error)
                                  .hasMessageContaining("error forwarding port 9 to pod")));
    }
  }

  @Test
  @Order(3)
  @DisplayName("after a scale-in to 1 only the remaining pod answers, within a few refreshes")
  void scaleInLeavesOnlyTheRemainingPod() {
    cluster.client().apps().deployments().inNamespace(apps).withName("echo").scale(1);
    awaitReady(1);
    String remaining = livePods().get(0);

    await("only pod " + remaining + " answers fresh connections")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(forward.backends()).containsOnlyKeys(remaining);
              assertThat(podAnswering(url)).isEqualTo(remaining);
            });
    await("pod " + remaining + " answering every fresh connection")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(podAnswering(url)).isEqualTo(remaining));
  }

  @Test
  @Order(4)
  @DisplayName("closing the run closes the balancer, every port-forward and the refresher")
  void closeClosesTheBalancerAndEveryForward() {
    opened.addAll(forward.backends().values());

    cluster.close();

    assertThat(cluster.serviceAccess().balanced(apps, "echo", 8080)).isEmpty();
    assertThat(forward.backends()).isEmpty();
    // The forward retired at the scale-in is among them, closed by now whether drained or not.
    assertThat(opened).hasSizeGreaterThanOrEqualTo(3).allSatisfy(BalancedForwardIT::refuses);
    await("the balanced forward's threads ended")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("scaleproof-forward " + apps + "/echo:")));
  }

  /** Which pod answers {@code GET /} on a new connection to {@code url}. */
  private static String podAnswering(URI url) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2_000);
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher pod = POD.matcher(response);
      if (!response.startsWith("HTTP/1.1 200") || !pod.find()) {
        return fail("GET %s/ on a new connection answered '%s'", url, response);
      }
      return pod.group(1);
    } catch (IOException e) {
      return fail("GET %s/ on a new connection failed: %s", url, e);
    }
  }

  private static void refuses(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 2_000);
      fail("%s still accepts connections", address);
    } catch (ConnectException e) {
      // Refused: closed.
    } catch (IOException e) {
      fail("%s neither accepts nor refuses: %s", address, e);
    }
  }

  /** The echo pods that are not being deleted, by name. */
  private static List<String> livePods() {
    return cluster
        .client()
        .pods()
        .inNamespace(apps)
        .withLabel("app.kubernetes.io/name", "echo")
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .map(pod -> pod.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static void awaitReady(int replicas) {
    await("Deployment " + apps + "/echo with " + replicas + " ready replicas, no other pod")
        .atMost(READY)
        .untilAsserted(
            () -> {
              Deployment d =
                  cluster.client().apps().deployments().inNamespace(apps).withName("echo").get();
              assertThat(d.getStatus()).as("status of echo").isNotNull();
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(replicas);
              assertThat(livePods()).hasSize(replicas);
            });
  }
}
