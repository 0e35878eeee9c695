package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaleproof.cluster.LoopbackApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing one component end to end against scripted servers on 127.0.0.1: its release manifest
 * from an HTTP server standing in for GitHub, the objects applied to the fabric8 mock API server,
 * the awaited Deployment reported rolling out and then ready.
 */
class ComponentInstallerTest {
  private static final String SSA = "?fieldManager=scaleproof&force=true";
  private static final String DEPLOYMENT =
      "/apis/apps/v1/namespaces/demo/deployments/demo-operator";
  private static final String MANIFEST =
      """
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: demo-operator
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: demo-operator
      spec:
        replicas: 1
        selector:
          matchLabels: {app: demo-operator}
        template:
          metadata:
            labels: {app: demo-operator}
          spec:
            containers:
              - name: operator
                image: quay.io/demo/operator:v1.0.0
      """;

  @TempDir Path temp;
  private HttpServer releases;
  private LoopbackApiServer api;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void startTheServers() throws IOException {
    releases = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    releases.createContext(
        "/releases/v1.0.0/demo.yaml",
        exchange -> {
          byte[] body = MANIFEST.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    releases.start();
    api = LoopbackApiServer.scripted();
    server = api.server();
    client = api.client();
  }

  @AfterEach
  void stopThem() {
    api.close();
    releases.stop(0);
  }

  @Test
  @DisplayName("creates the namespace, applies the manifest's objects into it, waits for rollout")
  void installsIntoItsNamespaceAndWaitsForRollout() throws InterruptedException {
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/demo" + SSA)
        .andReturn(
            200, new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build())
        .once();
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/demo/serviceaccounts/demo-operator" + SSA)
        .andReturn(
            200,
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("demo-operator")
                .withNamespace("demo")
                .endMetadata()
                .build())
        .once();
    server.expect().patch().withPath(DEPLOYMENT + SSA).andReturn(200, deployment(0)).once();
    server.expect().get().withPath(DEPLOYMENT).andReturn(200, deployment(0)).once();
    server.expect().get().withPath(DEPLOYMENT).andReturn(200, deployment(1)).always();

    installer().install(component());

    assertThat(progress)
        .containsExactly(
            "k3s: installing demo-operator v1.0.0 into namespace demo",
            "k3s: demo-operator v1.0.0 ready");
    assertThat(temp.resolve("manifests/demo-operator/1-demo.yaml")).exists();
    assertThat(requests())
        .containsSubsequence(
            "GET /api/v1/namespaces/demo",
            "PATCH /api/v1/namespaces/demo" + SSA,
            "PATCH /api/v1/namespaces/demo/serviceaccounts/demo-operator" + SSA,
            "PATCH " + DEPLOYMENT + SSA,
            "GET " + DEPLOYMENT,
            "GET " + DEPLOYMENT);
  }

  @Test
  @DisplayName("a Deployment that never rolls out fails naming the component, the workload, why")
  void aWorkloadNeverReadyFailsNamingIt() {
    server.expect().get().withPath("/api/v1/namespaces/demo").andReturn(200, "{}").always();
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/demo/serviceaccounts/demo-operator" + SSA)
        .andReturn(200, "{}")
        .always();
    server.expect().patch().withPath(DEPLOYMENT + SSA).andReturn(200, deployment(0)).always();
    server.expect().get().withPath(DEPLOYMENT).andReturn(200, deployment(0)).always();

    // A bound of half a second rather than the installer's five minutes.
    ComponentInstaller installer =
        new ComponentInstaller(
            client,
            temp.resolve("manifests"),
            progress::add,
            Duration.ofMillis(50),
            Duration.ofMillis(500));

    assertThatThrownBy(() -> installer.install(component()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "demo-operator: Deployment demo/demo-operator not ready within 0.5 s")
        .hasMessageContaining("0 of 1 updated replicas available")
        .hasMessageContaining("kubectl -n demo describe deployment demo-operator");
  }

  private ComponentInstaller installer() {
    return new ComponentInstaller(
        client,
        temp.resolve("manifests"),
        progress::add,
        Duration.ofMillis(50),
        ComponentInstaller.READY);
  }

  private K3sComponent component() {
    return new K3sComponent(
        "demo-operator",
        "v1.0.0",
        List.of(
            URI.create(
                "http://127.0.0.1:"
                    + releases.getAddress().getPort()
                    + "/releases/v1.0.0/demo.yaml")),
        "demo",
        new K3sComponent.Detection(Optional.empty(), Optional.of("demo-operator")),
        List.of(new K3sComponent.Workload("Deployment", "demo-operator")),
        List.of("quay.io/demo/operator:v1.0.0"),
        Map.of());
  }

  private static Deployment deployment(int available) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("demo-operator")
        .withNamespace("demo")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withReplicas(1)
        .withUpdatedReplicas(1)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }

  private List<String> requests() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
      seen.add(request.getMethod() + " " + request.getPath());
    }
    return seen;
  }
}
