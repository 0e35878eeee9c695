package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K3sComponentsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a component reads whole: version, manifests, detection, awaits, images, agents")
  void readsAComponent() throws IOException {
    K3sComponents platform = load(K3sInstallPlanTest.components("quay.io/demo/operator:v1.0.0"));

    assertThat(platform.k3sImage()).isEqualTo("rancher/k3s:v1.36.4-k3s1");
    assertThat(platform.components())
        .containsExactly(
            new K3sComponent(
                "demo-operator",
                "v1.0.0",
                List.of(URI.create("https://example.org/releases/v1.0.0/demo.yaml")),
                "demo",
                new K3sComponent.Detection(
                    Optional.of("widgets.demo.io"), Optional.of("demo-operator")),
                List.of(new K3sComponent.Workload("Deployment", "demo-operator")),
                List.of("quay.io/demo/operator:v1.0.0"),
                Map.of("java", "ghcr.io/demo/agent-java:1.0.0")));
  }

  @Test
  @DisplayName("the project's components.yaml reads, in install order, cert-manager first")
  void readsTheProjectsPins() {
    assertThat(K3sComponents.declared().components())
        .extracting(K3sComponent::name)
        .containsExactly(
            "cert-manager",
            "opentelemetry-operator",
            "prometheus-operator",
            "kube-state-metrics",
            "keda",
            "argo-cd");
  }

  @Test
  @DisplayName("a component without a version: refused, naming the file and components[0].version")
  void refusesAMissingVersion() throws IOException {
    InvalidInputException refusal =
        refusal(
            K3sInstallPlanTest.components("quay.io/demo/operator:v1.0.0")
                .replace("    version: v1.0.0\n", ""));

    assertThat(refusal.file()).isEqualTo(dir.resolve("components.yaml"));
    assertThat(refusal.field()).isEqualTo("components[0].version");
    assertThat(refusal).hasMessageContaining("components[0].version: is missing");
  }

  @Test
  @DisplayName("an image without a tag: refused, naming the file and components[0].images[0]")
  void refusesAnUntaggedImage() throws IOException {
    InvalidInputException refusal = refusal(K3sInstallPlanTest.components("quay.io/demo/operator"));

    assertThat(refusal.file()).isEqualTo(dir.resolve("components.yaml"));
    assertThat(refusal.field()).isEqualTo("components[0].images[0]");
    assertThat(refusal).hasMessageContaining("'quay.io/demo/operator' has no tag");
  }

  @Test
  @DisplayName("a registry port is not a tag, latest is not a pin, nor is an untagged agent image")
  void refusesOtherUnpinnedImages() throws IOException {
    assertThat(refusal(K3sInstallPlanTest.components("localhost:5000/demo/operator")).field())
        .isEqualTo("components[0].images[0]");
    assertThat(refusal(K3sInstallPlanTest.components("demo/operator:latest")))
        .hasMessageContaining("is tagged latest");
    assertThat(
            refusal(
                    K3sInstallPlanTest.components("demo/operator:v1.0.0")
                        .replace("agent-java:1.0.0", "agent-java"))
                .field())
        .isEqualTo("components[0].autoInstrumentation.java");
  }

  @Test
  @DisplayName("a manifest of another version, a typo'd field: refused by field")
  void refusesInconsistentFields() throws IOException {
    String pins = K3sInstallPlanTest.components("demo/operator:v1.0.0");
    assertThat(refusal(pins.replace("releases/v1.0.0/", "releases/v0.9.0/")))
        .hasMessageContaining("components[0].manifests[0]")
        .hasMessageContaining("does not name the version v1.0.0");
    assertThat(refusal(pins.replace("namespace: demo", "namespaces: demo")).field())
        .isEqualTo("components[0].namespaces");
    assertThat(refusal(pins.replace("[Deployment/demo-operator]", "[demo-operator]")).field())
        .isEqualTo("components[0].awaits[0]");
  }

  @Test
  @DisplayName("the Argo CD image is the one the argo-cd component pins; none pinned is refused")
  void namesThePinnedArgoCdImage() throws IOException {
    assertThat(K3sComponents.declared().argoCdImage()).isEqualTo("quay.io/argoproj/argocd:v3.5.1");

    K3sComponents withoutArgoCd =
        load(K3sInstallPlanTest.components("quay.io/demo/operator:v1.0.0"));
    InvalidInputException refusal =
        catchThrowableOfType(InvalidInputException.class, withoutArgoCd::argoCdImage);
    assertThat(refusal.file()).isEqualTo(dir.resolve("components.yaml").toAbsolutePath());
    assertThat(refusal).hasMessageContaining("quay.io/argoproj/argocd:");
  }

  private InvalidInputException refusal(String content) throws IOException {
    Files.writeString(dir.resolve("components.yaml"), content);
    return catchThrowableOfType(
        InvalidInputException.class, () -> K3sComponents.load(dir.resolve("components.yaml")));
  }

  private K3sComponents load(String content) throws IOException {
    Files.writeString(dir.resolve("components.yaml"), content);
    return K3sComponents.load(dir.resolve("components.yaml"));
  }
}
