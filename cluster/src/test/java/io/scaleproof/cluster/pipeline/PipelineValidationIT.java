package io.scaleproof.cluster.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.PipelineCopy;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Collector and promtool judge the declared pipeline before anything starts: the project's
 * own gitops passes, and a broken copy is refused with the program's message, the file and the
 * object. (The first run on a machine builds both tools from the Go module proxy.)
 */
class PipelineValidationIT {
  private static Tools tools;

  @TempDir Path dir;

  @BeforeAll
  static void provideTools() {
    tools = Tools.load(ProjectFiles.find("cluster/tools/tools.yaml"));
  }

  @Test
  @DisplayName("the declared pipeline passes otelcol validate and promtool check rules")
  void declaredPipelineIsValid() {
    assertThatCode(() -> Pipeline.declared().validate(tools)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a prometheus exporter in a traces pipeline: the collector's own message and file")
  void metricsExporterInTracesPipeline() throws IOException {
    Path gitops = PipelineCopy.of(dir);
    Path collector = gitops.resolve("observability/collector.yaml");
    PipelineCopy.editEvery(
        collector,
        "exporters: [otlp_grpc/jaeger, span_metrics]",
        "exporters: [otlp_grpc/jaeger, span_metrics, prometheus]");

    assertThatThrownBy(() -> Pipeline.load(gitops).validate(tools))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(collector.toString())
        .hasMessageContaining("OpenTelemetryCollector otel: spec.config")
        .hasMessageContaining("the OpenTelemetry Collector rejects it")
        .hasMessageContaining("prometheus")
        .hasMessageContaining("traces");
  }

  @Test
  @DisplayName("an exporter type that does not exist: the collector's unknown type message")
  void unknownExporterType() throws IOException {
    Path gitops = PipelineCopy.of(dir);
    Path collector = gitops.resolve("observability/collector.yaml");
    PipelineCopy.editEvery(collector, "otlp_grpc/jaeger", "tempo");

    assertThatThrownBy(() -> Pipeline.load(gitops).validate(tools))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(collector.toString())
        .hasMessageContaining("unknown type: \"tempo\"");
  }

  @Test
  @DisplayName("a recording rule that does not parse: promtool's message and the file")
  void brokenRecordingRule() throws IOException {
    Path gitops = PipelineCopy.of(dir);
    Path rules = gitops.resolve("observability/recording-rules.yaml");
    PipelineCopy.editEvery(rules, "histogram_quantile(0.95,", "histogram_quantile(0.95,,");

    assertThatThrownBy(() -> Pipeline.load(gitops).validate(tools))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(rules.toString())
        .hasMessageContaining("PrometheusRule slo-signals: spec.groups")
        .hasMessageContaining("promtool rejects the rules")
        .hasMessageContaining("parse error");
  }
}
