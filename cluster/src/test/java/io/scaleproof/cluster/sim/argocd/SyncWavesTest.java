package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.sim.apiserver.ApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pace of a sync's waves, as Argo CD v3.2.0 sets it: gitops-engine runs a wave's tasks and then
 * calls the sync-wave hook, which sleeps {@code ARGOCD_SYNC_WAVE_DELAY} (2 s) before the next pass
 * looks at the wave's health ({@code pkg/sync/sync_context.go}, {@code delayBetweenSyncWaves} in
 * {@code controller/sync.go}). Each step here is one controller tick at a time the test sets.
 */
class SyncWavesTest {
  private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

  private ApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = ApiServer.start((namespace, pod, container, previous) -> Optional.empty());
    client = server.newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  @DisplayName("a wave healthy at once is followed 2 s after it was applied, not 2 s after a look")
  void theDelayCountsFromTheApply() {
    SyncOperation sync = operation(configMap("first", -1), configMap("second", 0));

    sync.advance(START);
    assertThat(exists("first")).as("wave -1 applied at the first pass").isTrue();
    assertThat(exists("second")).isFalse();

    sync.advance(START.plusSeconds(1));
    assertThat(exists("second")).as("1 s after wave -1: still within the delay").isFalse();

    sync.advance(START.plusSeconds(2));
    assertThat(exists("second"))
        .as("2 s after wave -1 was applied, its ConfigMap healthy since: the next wave")
        .isTrue();
    assertThat(sync.succeeded()).as("the last wave ends the sync without a delay").isTrue();
  }

  @Test
  @DisplayName("the last wave ends the sync at once; one wave has no delay at all")
  void noDelayAfterTheLastWave() {
    SyncOperation sync = operation(configMap("only", 0));

    sync.advance(START);

    assertThat(exists("only")).isTrue();
    assertThat(sync.succeeded()).isTrue();
  }

  @Test
  @DisplayName("three waves take two delays: 4 s from the first apply to the last")
  void twoDelaysForThreeWaves() {
    SyncOperation sync = operation(configMap("a", -2), configMap("b", -1), configMap("c", 0));
    Instant now = START;
    while (!sync.completed()) {
      sync.advance(now);
      now = now.plus(Duration.ofMillis(500));
    }
    assertThat(now.minus(Duration.ofMillis(500)))
        .as("when the last wave was applied")
        .isEqualTo(START.plusSeconds(4));
    assertThat(List.of(exists("a"), exists("b"), exists("c"))).containsOnly(true);
  }

  private boolean exists(String name) {
    return client.configMaps().inNamespace("default").withName(name).get() != null;
  }

  private SyncOperation operation(ArgoCdController.Managed... resources) {
    GenericKubernetesResource application =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("argoproj.io/v1alpha1")
            .withKind("Application")
            .withNewMetadata()
            .withName("waves")
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
    return new SyncOperation(
        client,
        target -> true,
        ApplicationSpec.of(application),
        "0000000",
        List.of(resources),
        false,
        0,
        START);
  }

  private static ArgoCdController.Managed configMap(String name, int wave) {
    ConfigMap target =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .addToAnnotations("argocd.argoproj.io/sync-wave", String.valueOf(wave))
            .endMetadata()
            .addToData("wave", String.valueOf(wave))
            .build();
    return new ArgoCdController.Managed(
        new ArgoCdController.Gvk("v1", "ConfigMap"),
        "default",
        name,
        target,
        null,
        name + ".yaml",
        wave,
        true);
  }
}
