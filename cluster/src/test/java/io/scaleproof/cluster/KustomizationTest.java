package io.scaleproof.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizationTest {
  @TempDir Path dir;

  @Test
  @DisplayName("resources load in the declared order, through nested kustomizations")
  void declaredOrder() throws IOException {
    write("base/kustomization.yaml", "resources: [b.yaml, ../app]\n");
    write("base/b.yaml", configMap("b"));
    write("app/kustomization.yaml", "resources: [z.yaml, a.yaml]\n");
    write("app/z.yaml", configMap("z"));
    write("app/a.yaml", configMap("a"));

    assertThat(Manifests.load(dir.resolve("base")))
        .extracting(HasMetadata::getMetadata)
        .extracting(m -> m.getName())
        .containsExactly("b", "z", "a");
  }

  @Test
  @DisplayName("the project's gitops loads whole, sample apps included")
  void projectGitops() {
    assertThat(Kustomization.load(ProjectFiles.find("cluster/gitops")))
        .extracting(s -> s.object().getKind() + "/" + s.object().getMetadata().getName())
        .contains(
            "Namespace/observability",
            "OpenTelemetryCollector/otel",
            "PrometheusRule/slo-signals",
            "Deployment/java-app",
            "Deployment/node-app",
            "Deployment/python-app",
            "ScaledObject/java-app");
  }

  @Test
  @DisplayName("a transforming field is refused by name, a missing resource by its path")
  void refusals() throws IOException {
    write("k/kustomization.yaml", "resources: [a.yaml]\nnamePrefix: dev-\n");
    assertThatThrownBy(() -> Kustomization.load(dir.resolve("k")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kustomization.yaml: namePrefix: is not supported");

    write("o/kustomization.yaml", "resources: [../shared.yaml]\n");
    write("shared.yaml", configMap("s"));
    assertThatThrownBy(() -> Kustomization.load(dir.resolve("o")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "kustomization.yaml: resources[0]: names the file " + dir.resolve("shared.yaml"))
        .hasMessageContaining("kustomize refuses it");

    write("m/kustomization.yaml", "resources: [gone.yaml]\n");
    assertThatThrownBy(() -> Kustomization.load(dir.resolve("m")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("resources[0]: names " + dir.resolve("m/gone.yaml"));
  }

  @Test
  @DisplayName("an overlay's delete patches leave out the objects they name, as kustomize does")
  void deletePatches() throws IOException {
    write("base/kustomization.yaml", "resources: [objects.yaml]\n");
    write(
        "base/objects.yaml", configMap("a") + "---\n" + configMap("b") + "---\n" + configMap("c"));
    write(
        "overlay/kustomization.yaml",
        "resources: [../base, own.yaml]\npatches:\n  - path: without.yaml\n");
    write("overlay/own.yaml", configMap("d"));
    write(
        "overlay/without.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n$patch: delete\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\n"
            + "$patch: delete\n");

    assertThat(Kustomization.load(dir.resolve("overlay")))
        .extracting(s -> s.object().getMetadata().getName())
        .containsExactly("b", "d");
  }

  @Test
  @DisplayName(
      "the Prometheus Adapter example's overlay: the shipped pipeline without ScaledObjects")
  void adapterExample() {
    assertThat(Kustomization.load(ProjectFiles.find("examples/prometheus-adapter/deploy")))
        .extracting(s -> s.object().getKind() + "/" + s.object().getMetadata().getName())
        .contains(
            "Deployment/java-app",
            "HorizontalPodAutoscaler/java-app",
            "ConfigMap/prometheus-adapter")
        .noneMatch(object -> object.startsWith("ScaledObject/"));
  }

  @Test
  @DisplayName("a patch with no target, or one that changes fields, is refused by its file")
  void patchRefusals() throws IOException {
    write("p/kustomization.yaml", "resources: [a.yaml]\npatches: [{path: gone.yaml}]\n");
    write("p/a.yaml", configMap("a"));
    write("p/gone.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: z}\n$patch: delete\n");
    assertThatThrownBy(() -> Kustomization.load(dir.resolve("p")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            dir.resolve("p/gone.yaml")
                + ": document 1 (line 1): deletes ConfigMap z, which the resources do not declare");

    write("q/kustomization.yaml", "resources: [a.yaml]\npatches: [{path: change.yaml}]\n");
    write("q/a.yaml", configMap("a"));
    write("q/change.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n");
    assertThatThrownBy(() -> Kustomization.load(dir.resolve("q")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("it applies patches that delete an object");

    write(
        "r/kustomization.yaml", "resources: [a.yaml]\npatches: [{patch: x, target: {kind: A}}]\n");
    write("r/a.yaml", configMap("a"));
    assertThatThrownBy(() -> Kustomization.load(dir.resolve("r")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("patches[0]: is not supported by scaleproof's kustomization reader");
  }

  private static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: default}\n";
  }

  private void write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
