package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.gitops.SyncOrder;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K3sInstallPlanTest {
  /** The reviewed plan of the project's own pins and pipeline. */
  private static final String EXPECTED = "cluster/src/test/resources/k3s/install-plan.txt";

  /** Set to {@code true} to rewrite {@link #EXPECTED} from the derived plan, after review. */
  private static final String UPDATE = "scaleproof.updateExpectations";

  @TempDir Path dir;

  @Test
  @DisplayName("the project's plan is the reviewed one in install-plan.txt")
  void projectPlanIsTheReviewedOne() throws IOException {
    Path expectation = ProjectFiles.find(EXPECTED);
    String derived = K3sInstallPlan.declared().render();
    if (Boolean.getBoolean(UPDATE)) {
      Files.writeString(expectation, derived);
      System.err.println("K3sInstallPlanTest: rewrote " + expectation + "; review it: git diff");
    }
    String reviewed = Files.readString(expectation).replace("\r\n", "\n");

    assertThat(derived).as(mismatch(expectation, reviewed, derived)).isEqualTo(reviewed);
  }

  @Test
  @DisplayName(
      "waves run lowest first, and within a wave Namespace, ConfigMap, Service, Deployment")
  void ordersByWaveThenKind() throws IOException {
    writeComponents(components("quay.io/demo/operator:v1.0.0"));
    write(
        "gitops/objects.yaml",
        object("apps/v1", "Deployment", "web", "0")
            + deployment("web", "demo/web:1.0", "")
            + "---\n"
            + object("demo.io/v1", "Widget", "a-widget", "0")
            + "---\n"
            + object("v1", "Service", "web", "0")
            + "---\n"
            + object("v1", "ConfigMap", "settings", "1")
            + "---\n"
            + object("v1", "ConfigMap", "early", "-1")
            + "---\n"
            + object("v1", "Namespace", "apps", "-1"));
    write("gitops/kustomization.yaml", "resources: [objects.yaml]\n");

    K3sInstallPlan plan = derive();

    assertThat(plan.waves().keySet()).containsExactly(-1, 0, 1);
    assertThat(names(plan.waves().get(-1))).containsExactly("Namespace/apps", "ConfigMap/early");
    assertThat(names(plan.waves().get(0)))
        .containsExactly("Service/web", "Deployment/web", "Widget/a-widget");
    assertThat(plan.render())
        .contains(
            "  wave -1\n    Namespace apps (objects.yaml)\n"
                + "    ConfigMap apps/early (objects.yaml)\n");
  }

  @Test
  @DisplayName("images come from containers, init containers, a collector's spec.image, the pins")
  void extractsImages() throws IOException {
    writeComponents(components("quay.io/demo/operator:v1.0.0"));
    write(
        "gitops/objects.yaml",
        object("apps/v1", "Deployment", "web", "0")
            + deployment("web", "demo/web:1.0", "demo/migrate:1.0")
            + "---\n"
            + object("opentelemetry.io/v1beta1", "OpenTelemetryCollector", "otel", "0")
            + "spec:\n  mode: deployment\n  image: otel/opentelemetry-collector-contrib:0.159.0\n");
    write("gitops/kustomization.yaml", "resources: [objects.yaml]\n");

    assertThat(derive().images())
        .containsExactly(
            "demo/migrate:1.0",
            "demo/web:1.0",
            "ghcr.io/demo/agent-java:1.0.0",
            "otel/opentelemetry-collector-contrib:0.159.0",
            "quay.io/demo/operator:v1.0.0",
            "rancher/k3s:v1.36.4-k3s1");
  }

  @Test
  @DisplayName("an image declared twice, or by a pin and the pipeline, is listed once")
  void deduplicatesImages() throws IOException {
    writeComponents(components("demo/web:1.0"));
    write(
        "gitops/objects.yaml",
        object("apps/v1", "Deployment", "web", "0")
            + deployment("web", "demo/web:1.0", "")
            + "---\n"
            + object("apps/v1", "StatefulSet", "store", "0")
            + deployment("store", "demo/web:1.0", ""));
    write("gitops/kustomization.yaml", "resources: [objects.yaml]\n");

    assertThat(derive().images())
        .containsExactly(
            "demo/web:1.0", "ghcr.io/demo/agent-java:1.0.0", "rancher/k3s:v1.36.4-k3s1");
  }

  @Test
  @DisplayName(
      "an image from a manifest in <app>/k8s/ beside <app>/Dockerfile is built, not pulled")
  void buildsSampleAppImages() throws IOException {
    writeComponents(components("quay.io/demo/operator:v1.0.0"));
    write("apps/web/Dockerfile", "FROM scratch\n");
    write(
        "apps/web/k8s/deployment.yaml",
        object("apps/v1", "Deployment", "web", "0") + deployment("web", "demo/web:1.0", ""));
    write("apps/web/k8s/kustomization.yaml", "resources: [deployment.yaml]\n");
    write(
        "gitops/jaeger.yaml",
        object("apps/v1", "Deployment", "jaeger", "0")
            + deployment("jaeger", "jaegertracing/jaeger:2.13.0", ""));
    write("gitops/kustomization.yaml", "resources: [jaeger.yaml, ../apps/web/k8s]\n");

    K3sInstallPlan plan = derive();

    assertThat(plan.builds())
        .containsExactly(new ImageBuild("demo/web:1.0", dir.resolve("apps/web/Dockerfile")));
    assertThat(plan.render())
        .contains("demo/web:1.0 <- apps/web/Dockerfile")
        .contains("repository  seeded with gitops, apps/web/k8s");
  }

  @Test
  @DisplayName("an unpinned image in the pipeline is refused, naming the file and the container")
  void refusesUnpinnedPipelineImage() throws IOException {
    writeComponents(components("quay.io/demo/operator:v1.0.0"));
    write(
        "gitops/objects.yaml",
        object("apps/v1", "Deployment", "web", "0") + deployment("web", "demo/web", ""));
    write("gitops/kustomization.yaml", "resources: [objects.yaml]\n");

    assertThatThrownBy(this::derive)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("gitops/objects.yaml").toString())
        .hasMessageContaining("Deployment web: spec.template.spec.containers[0].image")
        .hasMessageContaining("'demo/web' has no tag");
  }

  private K3sInstallPlan derive() {
    return K3sInstallPlan.derive(
        K3sComponents.load(dir.resolve("components.yaml")), Pipeline.load(dir.resolve("gitops")));
  }

  private static List<String> names(List<Manifests.Sourced> wave) {
    return wave.stream()
        .map(
            declared ->
                declared.object().getKind() + "/" + declared.object().getMetadata().getName())
        .toList();
  }

  /** A components file with one component running {@code image}. */
  static String components(String image) {
    return """
        k3s:
          image: rancher/k3s:v1.36.4-k3s1
        components:
          - name: demo-operator
            version: v1.0.0
            manifests: [https://example.org/releases/v1.0.0/demo.yaml]
            namespace: demo
            detect: {crd: widgets.demo.io, deployment: demo-operator}
            awaits: [Deployment/demo-operator]
            images: [%s]
            autoInstrumentation:
              java: ghcr.io/demo/agent-java:1.0.0
        """
        .formatted(image);
  }

  private static String object(String apiVersion, String kind, String name, String wave) {
    String namespace = kind.equals("Namespace") ? "" : ", namespace: apps";
    return "apiVersion: "
        + apiVersion
        + "\nkind: "
        + kind
        + "\nmetadata: {name: "
        + name
        + namespace
        + ", annotations: {"
        + SyncOrder.SYNC_WAVE
        + ": \""
        + wave
        + "\"}}\n";
  }

  private static String deployment(String name, String image, String initImage) {
    String init =
        initImage.isEmpty()
            ? ""
            : "      initContainers: [{name: init, image: " + initImage + "}]\n";
    return "spec:\n"
        + "  selector: {matchLabels: {app: "
        + name
        + "}}\n"
        + "  template:\n"
        + "    metadata: {labels: {app: "
        + name
        + "}}\n"
        + "    spec:\n"
        + init
        + "      containers: [{name: app, image: "
        + image
        + "}]\n";
  }

  private void writeComponents(String content) throws IOException {
    write("components.yaml", content);
  }

  private void write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /**
   * Where the derived plan first differs from the reviewed one, and how to accept the change: the
   * assertion itself carries both texts whole, for an IDE's diff view.
   */
  private static String mismatch(Path expectation, String reviewed, String derived) {
    List<String> expected = reviewed.lines().toList();
    List<String> actual = derived.lines().toList();
    int line = 0;
    while (line < expected.size()
        && line < actual.size()
        && expected.get(line).equals(actual.get(line))) {
      line++;
    }
    return String.join(
        "\n",
        "the k3s install plan derived from cluster/k3s/components.yaml and cluster/gitops differs"
            + " from "
            + expectation
            + " at line "
            + (line + 1)
            + ":",
        "  reviewed: " + (line < expected.size() ? expected.get(line) : "(end of file)"),
        "  derived:  " + (line < actual.size() ? actual.get(line) : "(end of plan)"),
        "If the change is intended, rewrite the file, review its diff and commit it:",
        "  ./mvnw -B -o -pl cluster -am test -Dtest=K3sInstallPlanTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D"
            + UPDATE
            + "=true",
        "  git diff " + EXPECTED);
  }
}
