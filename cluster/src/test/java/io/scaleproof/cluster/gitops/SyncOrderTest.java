package io.scaleproof.cluster.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sync waves and the order within a wave, as gitops-engine has them. Each test names the upstream
 * test it follows (gitops-engine v0.7.1-0.20251006172252-b89b0871b414, the version Argo CD v3.2.0
 * builds with).
 */
class SyncOrderTest {
  /** pkg/sync/syncwaves/waves_test.go, TestWave. */
  @Test
  void waveFromTheAnnotationElseTheHelmHookWeight() {
    assertThat(SyncOrder.wave(object(Map.of()))).isZero();
    assertThat(SyncOrder.wave(object(Map.of(SyncOrder.SYNC_WAVE, "1")))).isEqualTo(1);
    assertThat(SyncOrder.wave(object(Map.of(SyncOrder.HELM_HOOK_WEIGHT, "1")))).isEqualTo(1);
  }

  /** strconv.Atoi in syncwaves.Wave and helm.Weight: what it does not read falls through. */
  @Test
  void aWaveThatIsNoWholeNumberFallsThrough() {
    assertThat(SyncOrder.wave(object(Map.of(SyncOrder.SYNC_WAVE, "-2")))).isEqualTo(-2);
    assertThat(SyncOrder.wave(object(Map.of(SyncOrder.SYNC_WAVE, "+3")))).isEqualTo(3);
    assertThat(SyncOrder.wave(object(Map.of(SyncOrder.SYNC_WAVE, " 1")))).isZero();
    assertThat(SyncOrder.wave(object(Map.of(SyncOrder.SYNC_WAVE, "one")))).isZero();
    assertThat(
            SyncOrder.wave(
                object(Map.of(SyncOrder.SYNC_WAVE, "one", SyncOrder.HELM_HOOK_WEIGHT, "5"))))
        .isEqualTo(5);
  }

  /** pkg/sync/sync_tasks_test.go, Test_syncTasks_kindOrder. */
  @Test
  void kindOrder() {
    assertThat(SyncOrder.kindRank("Namespace")).isEqualTo(-35);
    assertThat(SyncOrder.kindRank("APIService")).isEqualTo(-1);
    assertThat(SyncOrder.kindRank("MyCRD")).isZero();
  }

  /** pkg/sync/sync_tasks.go's sort within a wave: kind order, then name. */
  @Test
  void withinAWaveByKindThenName() {
    List<HasMetadata> objects =
        new ArrayList<>(
            List.of(
                named("Deployment", "b"),
                named("ScaledObject", "a"),
                named("Deployment", "a"),
                named("Service", "z"),
                named("Namespace", "apps")));
    objects.sort(SyncOrder.withinWave());
    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Namespace/apps", "Service/z", "Deployment/a", "Deployment/b", "ScaledObject/a");
  }

  private static ConfigMap object(Map<String, String> annotations) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("c")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static HasMetadata named(String kind, String name) {
    var object = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    object.setKind(kind);
    object.setApiVersion("v1");
    object.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    return object;
  }
}
