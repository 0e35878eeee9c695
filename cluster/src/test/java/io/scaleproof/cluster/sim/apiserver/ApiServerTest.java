package io.scaleproof.cluster.sim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiServerTest {
  private ApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = ApiServer.start((ns, pod, container, previous) -> Optional.of("log of " + pod));
    client = server.newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @ParameterizedTest(name = "{1} ({0}) is stored and watchable")
  @CsvSource({
    "keda.sh/v1alpha1, ScaledObject",
    "opentelemetry.io/v1alpha1, Instrumentation",
    "opentelemetry.io/v1beta1, OpenTelemetryCollector",
    "argoproj.io/v1alpha1, Application",
    "monitoring.coreos.com/v1, PrometheusRule"
  })
  void customResourcesAreStoredAndWatchable(String apiVersion, String kind) {
    List<String> events = new CopyOnWriteArrayList<>();
    var resources = client.genericKubernetesResources(apiVersion, kind).inNamespace("pipeline");
    try (Watch watch = resources.watch(recorder(events))) {
      GenericKubernetesResource created = resources.resource(object(apiVersion, kind)).create();
      resources
          .withName("it")
          .edit(
              r -> {
                r.getAdditionalProperties().put("spec", Map.of("threshold", "250"));
                return r;
              });
      resources.withName("it").delete();

      assertThat(created.getMetadata().getUid()).isNotBlank();
      await(kind + " watch events")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(events).containsSubsequence("ADDED", "MODIFIED", "DELETED"));
    }
  }

  @Test
  @DisplayName("a workload's status is a subresource: writing the object leaves status alone")
  void statusIsASubresource() {
    Deployment created =
        client.apps().deployments().inNamespace("default").resource(deployment()).create();
    created.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(2).build());
    client.apps().deployments().resource(created).updateStatus();

    client
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("web")
        .edit(
            d -> {
              d.getSpec().setReplicas(5);
              d.setStatus(null);
              return d;
            });

    Deployment now = client.apps().deployments().inNamespace("default").withName("web").get();
    assertThat(now.getSpec().getReplicas()).isEqualTo(5);
    assertThat(now.getStatus().getReplicas()).isEqualTo(2);
    assertThat(now.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  @DisplayName("the scale subresource reads and writes spec.replicas as an autoscaling/v1 Scale")
  void scaleSubresource() {
    client.apps().deployments().inNamespace("default").resource(deployment()).create();

    Scale scale = client.apps().deployments().inNamespace("default").withName("web").scale();
    client.apps().deployments().inNamespace("default").withName("web").scale(7);

    assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(7);
  }

  @Test
  @DisplayName("new pods carry the graceful-deletion finalizer; /version and pods/log answer")
  void podsVersionAndLogs() {
    client
        .pods()
        .inNamespace("default")
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build())
        .create();

    var pod = client.pods().inNamespace("default").withName("p");
    assertThat(pod.get().getMetadata().getFinalizers())
        .containsExactly(ApiServer.GRACEFUL_DELETION_FINALIZER);
    assertThat(pod.getLog()).isEqualTo("log of p");
    assertThat(client.getKubernetesVersion().getGitVersion())
        .isEqualTo("v" + ApiServer.KUBERNETES_VERSION + "-scaleproof-sim");

    pod.delete();
    assertThat(pod.get().getMetadata().getDeletionTimestamp())
        .as("pod marked, not gone")
        .isNotNull();
  }

  @Test
  @DisplayName(
      "a SelfSubjectAccessReview is allowed, as an API server in AlwaysAllow mode answers it")
  void accessReviewsAreAllowed() {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb("delete")
            .withResource("namespaces")
            .endResourceAttributes()
            .endSpec()
            .build();

    SelfSubjectAccessReview answered =
        client.authorization().v1().selfSubjectAccessReview().create(review);

    assertThat(answered.getStatus().getAllowed()).isTrue();
    assertThat(answered.getStatus().getReason()).isEqualTo(SimApiDispatcher.ALWAYS_ALLOW);
    assertThat(answered.getSpec()).isEqualTo(review.getSpec());
  }

  private static GenericKubernetesResource object(String apiVersion, String kind) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withName("it")
        .withNamespace("pipeline")
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("threshold", "200"))
        .build();
  }

  private static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("web:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Watcher<GenericKubernetesResource> recorder(List<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource resource) {
        events.add(action.name());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
