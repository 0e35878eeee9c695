package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.scaleproof.cluster.LoopbackApiServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Applying release manifests server-side against an API server that answers as scripted (the
 * fabric8 mock server on 127.0.0.1): where objects go, which answers are retried.
 */
class ServerSideApplyTest {
  private static final String COMPONENT = "keda";
  private static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/keda/deployments/web";

  private LoopbackApiServer api;
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startTheApiServer() {
    api = LoopbackApiServer.scripted();
    server = api.server();
    client = api.client();
  }

  @AfterEach
  void stopIt() {
    api.close();
  }

  @Test
  @DisplayName("a namespaced object without a namespace goes into the component's; others stay")
  void placesNamespacedObjectsWithoutOne() {
    Deployment bare = deployment(null);
    Deployment placed = deployment("elsewhere");
    HasMetadata clusterRole =
        new ClusterRoleBuilder().withNewMetadata().withName("reader").endMetadata().build();

    assertThat(ServerSideApply.inNamespace(bare, "keda", true).getMetadata().getNamespace())
        .isEqualTo("keda");
    assertThat(bare.getMetadata().getNamespace()).as("the given object is not changed").isNull();
    assertThat(ServerSideApply.inNamespace(placed, "keda", true)).isSameAs(placed);
    assertThat(ServerSideApply.inNamespace(clusterRole, "keda", false)).isSameAs(clusterRole);
  }

  @Test
  @DisplayName("known kinds are namespaced by their model, custom ones by the server's discovery")
  void knowsScopeFromModelOrDiscovery() {
    server
        .expect()
        .get()
        .withPath("/apis/demo.io/v1")
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion("demo.io/v1")
                .addNewResource()
                .withName("widgets")
                .withKind("Widget")
                .withNamespaced(true)
                .endResource()
                .addNewResource()
                .withName("widgetclasses")
                .withKind("WidgetClass")
                .withNamespaced(false)
                .endResource()
                .build())
        .always();
    ServerSideApply apply = new ServerSideApply(client);

    assertThat(apply.namespaced(deployment(null))).isTrue();
    assertThat(
            apply.namespaced(
                new ClusterRoleBuilder().withNewMetadata().withName("r").endMetadata().build()))
        .isFalse();
    assertThat(apply.namespaced(custom("Widget"))).isTrue();
    assertThat(apply.namespaced(custom("WidgetClass"))).isFalse();
  }

  @Test
  @DisplayName("a webhook not ready yet (500) is retried until the server accepts the object")
  void retriesAnAnswerThatCanChange() {
    server
        .expect()
        .patch()
        .withPath(DEPLOYMENT_PATH + "?fieldManager=scaleproof&force=true")
        .andReturn(
            500, status(500, "failed calling webhook \"webhook.keda.sh\": connection refused"))
        .once();
    server
        .expect()
        .patch()
        .withPath(DEPLOYMENT_PATH + "?fieldManager=scaleproof&force=true")
        .andReturn(200, deployment("keda"))
        .once();

    HasMetadata applied =
        new ServerSideApply(client, Duration.ofMillis(50))
            .apply(COMPONENT, deployment(null), "keda");

    assertThat(applied.getMetadata().getNamespace()).isEqualTo("keda");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("an invalid object (422) fails at once, naming the component, object and answer")
  void failsAtOnceOnAnInvalidObject() {
    server
        .expect()
        .patch()
        .withPath(DEPLOYMENT_PATH + "?fieldManager=scaleproof&force=true")
        .andReturn(422, status(422, "spec.replicas: Invalid value: -1"))
        .always();

    assertThatThrownBy(
            () ->
                new ServerSideApply(client, Duration.ofMillis(50))
                    .apply(COMPONENT, deployment(null), "keda"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "cannot apply keda: Deployment web: HTTP 422: spec.replicas: Invalid value: -1");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private static Deployment deployment(String namespace) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .build();
  }

  private static GenericKubernetesResource custom(String kind) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("demo.io/v1")
        .withKind(kind)
        .withNewMetadata()
        .withName("a")
        .endMetadata()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Status status(int code, String message) {
    return new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
  }
}
