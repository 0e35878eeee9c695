package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.scaleproof.cluster.ClusterFaults;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults a scenario makes on the embedded cluster, each seen from outside the way a client of
 * the Service or a reader of the pod's status sees it, and each undone.
 */
class ClusterFaultsIT {
  @RegisterExtension
  static final EmbeddedCluster EMBEDDED =
      EmbeddedCluster.perClass(
          SimClusterConfig.defaults()
              .withCrashBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2)));

  private static SimCluster cluster;
  private static ClusterFaults faults;
  private static URI echo;

  @BeforeAll
  static void echoWithFaults(SimCluster started) {
    cluster = started;
    faults = cluster.faults().orElseThrow();
    cluster.apply(List.of(echoPod(), echoService()));
    echo = cluster.serviceUrl("default", "echo", 80);
  }

  @Test
  @DisplayName(
      "a Service taken down refuses every connection and closes the open ones; restored, it answers")
  void refuse() throws Exception {
    // A keep-alive client, as KEDA's and the agents' are: its pooled connection must be cut too.
    HttpClient client = HttpClient.newHttpClient();
    assertThat(get(client).statusCode()).isEqualTo(200);

    faults.refuse("default", "echo");
    try {
      assertThatThrownBy(() -> get(client)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(HttpClient.newHttpClient())).isInstanceOf(IOException.class);
    } finally {
      faults.restore("default", "echo");
    }

    assertThat(get(HttpClient.newHttpClient()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a delayed Service answers no sooner than the delay")
  void delay() throws Exception {
    faults.delay("default", "echo", Duration.ofMillis(400));
    try {
      long start = System.nanoTime();
      assertThat(get(HttpClient.newHttpClient()).statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("the request waited out the delay on its way to the pod")
          .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    } finally {
      faults.restore("default", "echo");
    }
  }

  @Test
  @DisplayName("a Service that resets every connection fails every request; restored, it answers")
  void reset() throws Exception {
    faults.reset("default", "echo", 1.0);
    try {
      assertThatThrownBy(() -> get(HttpClient.newHttpClient())).isInstanceOf(IOException.class);
    } finally {
      faults.restore("default", "echo");
    }
    assertThat(get(HttpClient.newHttpClient()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a crash-looping pod restarts with back-off and is not ready; turned off, it serves again")
  void crashLoop() {
    assertThat(faults.crashLoop("default", "echo", true)).isTrue();
    try {
      await("pod echo restarting in CrashLoopBackOff")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                ContainerStatus status = echoStatus();
                assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(2);
                assertThat(status.getReady()).isFalse();
                assertThat(status.getLastState().getTerminated()).isNotNull();
              });
    } finally {
      faults.crashLoop("default", "echo", false);
    }
    await("pod echo running and ready again")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(echoStatus().getReady()).isTrue());
    assertThat(faults.crashLoop("default", "no-such-pod", true)).isFalse();
  }

  private static HttpResponse<String> get(HttpClient client)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(echo.resolve("/hello")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ContainerStatus echoStatus() {
    return cluster
        .client()
        .pods()
        .inNamespace("default")
        .withName("echo")
        .get()
        .getStatus()
        .getContainerStatuses()
        .get(0);
  }

  private static Pod echoPod() {
    return new PodBuilder(TestPods.pod("echo", TestPods.ECHO_SERVER, List.of()))
        .editMetadata()
        .addToLabels("app", "echo")
        .endMetadata()
        .build();
  }

  private static Service echoService() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("echo")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", "echo")
        .addNewPort()
        .withPort(80)
        .withTargetPort(new IntOrString(8080))
        .endPort()
        .endSpec()
        .build();
  }
}
