package io.scaleproof.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's project on the command line: a broken one stops with exit 2, the file, the field and the
 * fix, before anything starts and without a run directory.
 */
class ProjectCommandTest {
  @TempDir Path directory;

  @RegisterExtension final Console console = new Console();
  private Path project;
  private Path runDirectory;

  @BeforeEach
  void copyTheExample() throws IOException {
    Path example = ProjectFiles.find("examples/shop");
    Path copy = directory.resolve("shop");
    try (Stream<Path> files = Files.walk(example)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(example.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.toString().contains("/target/")
            && !file.toString().contains("/reports/")) {
          Files.copy(file, target);
        }
      }
    }
    project = copy.resolve("scaleproof.yaml");
    runDirectory = directory.resolve("run");
  }

  @Test
  @DisplayName("scenarios --project lists the project's own scenarios")
  void listsTheProjectsScenarios() {
    assertThat(ScaleproofCommand.execute("scenarios", "--project", project.toString())).isZero();
    assertThat(console.out()).contains("ramp").doesNotContain("default");
  }

  @Test
  @DisplayName("an image with no runtime mapping: exit 2, the manifest, the field and the fix")
  void imageWithoutRuntime() throws IOException {
    replace(project, "runtimes: runtimes.yaml\n", "");

    int exit = run("ramp");

    assertThat(exit).isEqualTo(2);
    assertThat(console.err())
        .contains(project.resolveSibling("deploy/shop/checkout.yaml").toString())
        .contains("Deployment checkout spec.template.spec.containers[0].image")
        .contains("'shop/checkout:1.4.2' has no runtime on the embedded cluster")
        .contains("the project file's 'runtimes'")
        .contains("nothing was started");
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  @DisplayName("a trigger the embedded KEDA cannot serve: exit 2, naming the trigger's type")
  void triggerTheBackendCannotServe() throws IOException {
    replace(
        project.resolveSibling("deploy/shop/autoscaling.yaml"),
        "  triggers:\n",
        "  triggers:\n    - type: cpu\n      metricType: Utilization\n      metadata: {value: \"60\"}\n");

    int exit = run("ramp");

    assertThat(exit).isEqualTo(2);
    assertThat(console.err())
        .contains("spec.triggers[0].type: is cpu")
        .contains("--backend kubeconfig")
        .contains("nothing was started");
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  @DisplayName("a service with no ScaledObject: exit 2, naming services[0].deployment")
  void serviceWithoutScaledObject() throws IOException {
    replace(project, "deployment: shop/checkout", "deployment: telemetry/metrics");

    assertThat(run("ramp")).isEqualTo(2);
    assertThat(console.err())
        .contains(
            project
                + ": services[0].deployment: no ScaledObject of the pipeline scales Deployment"
                + " telemetry/metrics")
        .contains("nothing was started");
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  @DisplayName("a ScaledObject whose target the pipeline lacks: exit 2, its file and field")
  void scaledObjectWithoutTarget() throws IOException {
    Path autoscaling = project.resolveSibling("deploy/shop/autoscaling.yaml");
    replace(autoscaling, "    name: checkout\n", "    name: cart\n");

    assertThat(run("ramp")).isEqualTo(2);
    assertThat(console.err())
        .contains(
            autoscaling
                + ": ScaledObject checkout-autoscaling spec.scaleTargetRef.name: scales"
                + " Deployment shop/cart, which the pipeline does not declare")
        .contains("nothing was started");
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  @DisplayName("a scenario naming a service the project does not declare: exit 2")
  void scenarioWithUnknownService() throws IOException {
    Path scenario = project.resolveSibling("scaling/ramp.yaml");
    replace(scenario, "services: [checkout]", "services: [checkout, cart]");

    assertThat(run("ramp")).isEqualTo(2);
    assertThat(console.err())
        .contains(scenario + ": services[1]: 'cart' is not a service of the project")
        .contains("[checkout]");
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  @DisplayName("--project naming no file: exit 2, with the way to write one")
  void missingProject() {
    assertThat(
            ScaleproofCommand.execute(
                "run", "--project", directory.resolve("none.yaml").toString()))
        .isEqualTo(2);
    assertThat(console.err()).contains("--project: does not exist").contains("./scaleproof init");
  }

  private int run(String scenario) {
    return ScaleproofCommand.execute(
        "run", scenario, "--project", project.toString(), "--out", runDirectory.toString());
  }

  private static void replace(Path file, String text, String with) throws IOException {
    String content = Files.readString(file);
    assertThat(content).contains(text);
    Files.writeString(file, content.replace(text, with));
  }
}
