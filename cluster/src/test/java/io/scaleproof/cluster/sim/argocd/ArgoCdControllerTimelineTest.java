package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.VirtualTimeline;
import io.scaleproof.cluster.sim.apiserver.ApiServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's steps run on the timeline it is given, the one KEDA and the HPA share: nothing
 * runs until the timeline does, each step schedules the next a second later, and a closed
 * controller leaves nothing behind on the timeline.
 */
class ArgoCdControllerTimelineTest {
  private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

  @TempDir Path work;

  private ApiServer server;
  private KubernetesClient client;
  private VirtualTimeline timeline;
  private ArgoCdController controller;

  @BeforeEach
  void start() {
    server = ApiServer.start((namespace, pod, container, previous) -> Optional.empty());
    client = server.newClient();
    timeline = new VirtualTimeline(START);
    controller =
        new ArgoCdController(
            client,
            new EventRecorder(client, Clock.fixed(START, ZoneOffset.UTC), "node"),
            timeline,
            Duration.ofMinutes(2),
            work);
  }

  @AfterEach
  void stop() {
    controller.close();
    timeline.close();
    client.close();
    server.close();
  }

  @Test
  @DisplayName("one step a second on the shared timeline, none on a thread of its own")
  void stepsOnTheTimeline() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("argocd").endMetadata().build())
        .create();
    client
        .genericKubernetesResources(ArgoCdController.APPLICATIONS)
        .inNamespace("argocd")
        .resource(application())
        .create();
    controller.start();

    await("a second of wall time with the timeline standing still")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(status()).as("nothing ran").isNull());
    assertThat(timeline.pending()).as("the first step, scheduled, not run").isEqualTo(1);

    timeline.advance(Duration.ZERO);
    assertThat(String.valueOf(status()))
        .as("the first step read the Application and wrote its status")
        .contains("ComparisonError");
    assertThat(timeline.pending()).as("and scheduled the next, one at a time").isEqualTo(1);

    timeline.advance(Duration.ofSeconds(10));
    assertThat(timeline.pending()).as("still one step pending ten seconds on").isEqualTo(1);
  }

  private Object status() {
    return client
        .genericKubernetesResources(ArgoCdController.APPLICATIONS)
        .inNamespace("argocd")
        .withName("nowhere")
        .get()
        .get("status");
  }

  private static GenericKubernetesResource application() {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("argoproj.io/v1alpha1")
        .withKind("Application")
        .withNewMetadata()
        .withName("nowhere")
        .withNamespace("argocd")
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "source", Map.of("repoURL", "file:///nowhere", "path", "."),
                    "destination", Map.of("namespace", "default"),
                    "syncPolicy", Map.of("automated", Map.of()))))
        .build();
  }

  @Test
  @DisplayName("a closed controller's pending step ends without scheduling another")
  void closedControllerStops() {
    controller.start();
    timeline.advance(Duration.ZERO);

    controller.close();
    timeline.advance(Duration.ofSeconds(1));

    assertThat(timeline.pending()).isZero();
  }
}
