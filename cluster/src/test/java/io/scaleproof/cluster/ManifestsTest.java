package io.scaleproof.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("typed kinds load typed, custom resources load generic")
  void loadsKnownAndCustomKinds() throws IOException {
    Path file =
        write(
            "ok.yaml",
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web:1}]}
        ---
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: web}
        spec: {scaleTargetRef: {name: web}}
        """);

    List<HasMetadata> objects = Manifests.load(file);

    assertThat(objects).hasSize(2);
    assertThat(objects.get(0)).isInstanceOf(Deployment.class);
    assertThat(objects.get(1)).isInstanceOf(GenericKubernetesResource.class);
    assertThat(objects.get(1).getKind()).isEqualTo("ScaledObject");
  }

  @Test
  @DisplayName("a document without kind fails naming file, document, line and field")
  void missingKindIsNamed() throws IOException {
    Path file =
        write(
            "no-kind.yaml",
            """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: fine}
        ---
        apiVersion: v1
        metadata: {name: broken}
        """);

    assertThatThrownBy(() -> Manifests.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no-kind.yaml")
        .hasMessageContaining("document 2 (line 5)")
        .hasMessageContaining("kind: is missing");
  }

  @Test
  @DisplayName("an object without a name fails naming the kind and metadata.name")
  void missingNameIsNamed() throws IOException {
    Path file = write("no-name.yaml", "apiVersion: v1\nkind: Service\nmetadata: {}\n");

    assertThatThrownBy(() -> Manifests.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Service: metadata.name: is missing");
  }

  @Test
  @DisplayName("YAML syntax errors carry the parser's line")
  void syntaxErrorsCarryTheLine() throws IOException {
    Path file =
        write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\ndata: {}\n");

    assertThatThrownBy(() -> Manifests.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bad.yaml: YAML: is not valid YAML")
        .hasMessageContaining("line");
  }

  @Test
  @DisplayName("a field of the wrong type names the object and the field")
  void wrongFieldTypeIsNamed() throws IOException {
    Path file =
        write(
            "wrong.yaml",
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec: {replicas: three}
        """);

    assertThatThrownBy(() -> Manifests.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Deployment web")
        .hasMessageContaining("replicas");
  }

  @Test
  @DisplayName("a directory loads every YAML file below it in path order")
  void loadsDirectoriesRecursively() throws IOException {
    write("b/2.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: second}\n");
    write("a/1.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n");
    write("notes.txt", "not a manifest");

    assertThat(Manifests.load(dir))
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("first", "second");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
