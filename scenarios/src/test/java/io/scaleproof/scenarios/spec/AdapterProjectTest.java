package io.scaleproof.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.scenarios.run.Backend;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Prometheus Adapter's shape as a project: the example's HPAs read as chains, what its runs can
 * and cannot ask, and the project file's {@code prometheusAdapter} section.
 */
class AdapterProjectTest {
  private static final Path EXAMPLE =
      ProjectFiles.find("examples/prometheus-adapter/scaleproof.yaml");

  @TempDir Path directory;

  @Test
  @DisplayName("the example's services are scaled by HPAs whose metrics the Adapter's rules serve")
  void exampleChains() {
    ProjectPipeline subject = ProjectPipeline.load(ProjectFile.read(EXAMPLE));

    ScalingChain java = subject.chain("java-app");
    assertThat(java.autoscaler())
        .isEqualTo(new ScalingChain.Autoscaler("HorizontalPodAutoscaler", "java-app", "hpas.yaml"));
    assertThat(java.latency().query())
        .isEqualTo(
            "max(service_name:traces_span_metrics_duration_milliseconds:p95_rate30s"
                + "{service_name=\"java-app\"})");
    assertThat(java.latency().threshold()).contains(150.0);
    assertThat(java.errors().flatMap(ScalingChain.Signal::threshold)).contains(0.05);
    assertThat(java.latency().server())
        .isEqualTo(new ScalingChain.ServiceAddress("observability", "prometheus", 9090));
    AdapterConfig adapter = subject.prometheusAdapter().orElseThrow();
    assertThat(adapter.configMap()).isEqualTo("observability/prometheus-adapter");
    assertThat(adapter.text()).startsWith("externalRules:");
    assertThat(adapter.adapter().relistInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ProjectPipeline.shipped().prometheusAdapter()).isEmpty();
  }

  @Test
  @DisplayName("the example's scenario fits it; one that edits ScaledObjects is refused")
  void scenarios() {
    Project project = ProjectFile.read(EXAMPLE);
    ProjectPipeline subject = ProjectPipeline.load(project);
    subject.check(ShippedScenarios.find("adapter", project.scenarios()));

    Scenario withChanges = ShippedScenarios.find("default");
    assertThatThrownBy(() -> subject.check(withChanges))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            withChanges.file() + ": pipeline: edits the services' ScaledObjects")
        .hasMessageContaining("java-app is scaled by HorizontalPodAutoscaler java-app");
  }

  @Test
  @DisplayName(
      "the embedded cluster refuses the shape before anything starts, naming --backend local")
  void embeddedClusterRefuses() {
    ProjectPipeline subject = ProjectPipeline.load(ProjectFile.read(EXAMPLE));

    assertThatThrownBy(() -> Backend.sim().forProject(subject))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            EXAMPLE
                + ": services[0].deployment: is scaled by HorizontalPodAutoscaler java-app on the"
                + " Prometheus Adapter's metrics; its external metrics are served through a real"
                + " API server's aggregation layer")
        .hasMessageContaining("Run it with --backend local");
  }

  @Test
  @DisplayName("tuning, which varies a ScaledObject's settings, refuses the shape")
  void tuningRefuses() {
    Project project = ProjectFile.read(EXAMPLE);
    ProjectPipeline subject = ProjectPipeline.load(project);
    Scenario scenario = ShippedScenarios.find("adapter", project.scenarios());

    assertThatThrownBy(
            () ->
                new io.scaleproof.scenarios.tune.Tuning(
                    subject, scenario, scenario.timers(), java.util.Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(EXAMPLE + ": services[0].deployment: ")
        .hasMessageContaining("tuning varies a KEDA ScaledObject's settings");
  }

  @Test
  @DisplayName("prometheusAdapter: its URL and interval, with the Adapter's own default")
  void projectSection() throws IOException {
    Project project =
        ProjectFile.read(
            write(
                "prometheusAdapter:\n"
                    + "  prometheusUrl: http://prom.telemetry.svc:9090\n"
                    + "  configMap: telemetry/adapter\n"));

    assertThat(project.prometheusAdapter())
        .contains(
            new DeclaredAdapter(
                URI.create("http://prom.telemetry.svc:9090"),
                Duration.ofMinutes(10),
                java.util.Optional.of("telemetry/adapter")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no URL          | {relistInterval: 1m}                                 | prometheusAdapter.prometheusUrl | is missing
          not http        | {prometheusUrl: 'prom:9090'}                         | prometheusAdapter.prometheusUrl | is not an http(s) URL with a host
          a zero interval | {prometheusUrl: 'http://p:9090', relistInterval: 0s} | prometheusAdapter.relistInterval | must be longer than zero
          a bad ConfigMap | {prometheusUrl: 'http://p:9090', configMap: adapter} | prometheusAdapter.configMap | is not namespace/name
          an unknown key  | {prometheusUrl: 'http://p:9090', relist: 1m}         | prometheusAdapter.relist | is not a known field
          """)
  @DisplayName("a broken prometheusAdapter section names its field")
  void brokenSection(String what, String section, String field, String problem) throws IOException {
    Path file = write("prometheusAdapter: " + section + "\n");

    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": " + field + ": ")
        .hasMessageContaining(problem);
  }

  private Path write(String adapter) throws IOException {
    Files.createDirectories(directory.resolve("deploy"));
    Path file = directory.resolve("scaleproof.yaml");
    Files.writeString(
        file,
        """
        pipeline: deploy
        services:
          - name: checkout
            deployment: shop/checkout
            port: 8080
        """
            + adapter);
    return file;
  }
}
