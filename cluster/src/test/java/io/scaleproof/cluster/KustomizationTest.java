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

    write("m/kustomization.yaml", "resources: [gone.yaml]\n");
    assertThatThrownBy(() -> Kustomization.load(dir.resolve("m")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("resources[0]: names " + dir.resolve("m/gone.yaml"));
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
