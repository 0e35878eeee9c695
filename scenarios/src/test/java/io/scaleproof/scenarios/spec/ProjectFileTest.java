package io.scaleproof.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectFileTest {
  private static final String VALID =
      """
      pipeline: deploy
      services:
        - name: checkout
          deployment: shop/checkout
          port: 8080
      """;

  @TempDir Path directory;

  @Test
  @DisplayName("a minimal project: paths relative to the file, GET / and no signals named")
  void minimal() throws IOException {
    Files.createDirectories(directory.resolve("deploy"));
    Project project = ProjectFile.read(write(VALID));

    assertThat(project.pipeline()).isEqualTo(directory.resolve("deploy"));
    assertThat(project.scenarios()).isEqualTo(directory.resolve("scenarios"));
    assertThat(project.runtimes()).isEmpty();
    ServiceUnderTest checkout = project.service("checkout").orElseThrow();
    assertThat(checkout.deploymentRef()).isEqualTo("shop/checkout");
    assertThat(checkout.service())
        .as("the Service defaults to the Deployment's name")
        .isEqualTo("checkout");
    assertThat(checkout.request())
        .isEqualTo(new ServiceUnderTest.Request("GET", "/", Map.of(), null));
    assertThat(checkout.signals()).isEqualTo(ServiceUnderTest.Signals.inferred());
    assertThat(checkout.errorRateVariable()).isEmpty();
  }

  @Test
  @DisplayName("the example project: its own Service, request, signals and fault variable")
  void exampleProject() {
    Project project = ProjectFile.read(ProjectFiles.find("examples/shop/scaleproof.yaml"));

    ServiceUnderTest checkout = project.service("checkout").orElseThrow();
    assertThat(checkout.service()).isEqualTo("checkout-http");
    assertThat(checkout.port()).isEqualTo(80);
    assertThat(checkout.request().path()).isEqualTo("/work?items=3");
    assertThat(checkout.request().headers()).containsEntry("X-Shop-Client", "scaleproof");
    assertThat(checkout.signals().latency())
        .hasValueSatisfying(s -> assertThat(s.trigger()).isEqualTo("checkout-latency"));
    assertThat(checkout.signals().errors()).isEmpty();
    assertThat(checkout.errorRateVariable()).contains("CHECKOUT_FAULT_RATE");
    assertThat(project.runtimes()).hasValueSatisfying(file -> assertThat(file).isRegularFile());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing pipeline | pipeline: deploy | pipeline: nowhere | pipeline | is not a directory",
        "deployment not namespace/name | shop/checkout | checkout | services[0].deployment | is not"
            + " namespace/name",
        "port out of range | 'port: 8080' | 'port: 70000' | services[0].port | is not a port",
        "unknown field | 'port: 8080' | 'port: 8080\\n    replicas: 3' | services[0].replicas | not a"
            + " known field",
        "bad method | 'port: 8080' | 'port: 8080\\n    request: {method: FETCH}' |"
            + " services[0].request.method | is not an HTTP method",
        "path without slash | 'port: 8080' | 'port: 8080\\n    request: {path: work}' |"
            + " services[0].request.path | does not start with /",
        "latency as a query | 'port: 8080' | 'port: 8080\\n    signals: {latency: {query: up}}' |"
            + " services[0].signals.latency | must name a trigger",
        "missing runtimes file | 'pipeline: deploy' | 'pipeline: deploy\\nruntimes: none.yaml' |"
            + " runtimes | is not a file",
      })
  @DisplayName("bad input names the file and the field")
  void badInput(String what, String original, String replacement, String field, String problem)
      throws IOException {
    Files.createDirectories(directory.resolve("deploy"));
    Path file = write(VALID.replace(original, replacement.replace("\\n", "\n")));
    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": " + field + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  @DisplayName("a project without services is refused, naming services")
  void noServices() throws IOException {
    Files.createDirectories(directory.resolve("deploy"));
    Path file = write("pipeline: deploy\nservices: []\n");
    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": services: ")
        .hasMessageContaining("non-empty list");
  }

  @Test
  @DisplayName("a file that is not YAML is refused, naming the file")
  void notYaml() throws IOException {
    Path file = write("pipeline: [unclosed\n");
    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file.toString());
  }

  @Test
  @DisplayName("a service declared twice is refused")
  void duplicateService() throws IOException {
    Files.createDirectories(directory.resolve("deploy"));
    Path file = write(VALID + "  - name: checkout\n    deployment: shop/other\n    port: 8080\n");
    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("services[1].name: 'checkout' is declared twice");
  }

  @Test
  @DisplayName("--project naming no file is refused with the way to write one")
  void missingProjectFile() {
    Path missing = directory.resolve("nope.yaml");
    assertThatThrownBy(() -> Project.find(missing, directory))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--project: does not exist")
        .hasMessageContaining("./scaleproof init");
  }

  @Test
  @DisplayName("without --project: the working directory's scaleproof.yaml, else the shipped one")
  void findsTheProject() throws IOException {
    assertThat(Project.find(null, directory).file())
        .isEqualTo(ProjectFiles.find(Project.FILE_NAME));
    Files.createDirectories(directory.resolve("deploy"));
    Path own = write(VALID);
    Files.move(own, directory.resolve(Project.FILE_NAME));
    assertThat(Project.find(null, directory).file())
        .isEqualTo(directory.resolve(Project.FILE_NAME));
  }

  private Path write(String content) throws IOException {
    Path file = Files.createTempFile(directory, "project", ".yaml");
    Files.writeString(file, content);
    return file;
  }
}
