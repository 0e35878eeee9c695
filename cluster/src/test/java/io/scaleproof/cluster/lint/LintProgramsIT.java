package io.scaleproof.cluster.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.PipelineCopy;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.provision.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lint with the real programs (built on a machine's first run, as a run builds them): what only
 * {@code otelcol validate} and {@code promtool check rules} catch becomes a finding on its file.
 */
class LintProgramsIT {
  @TempDir Path copy;
  private final Tools tools = Tools.load(ProjectFiles.find("cluster/tools/tools.yaml"));

  @BeforeEach
  void copyThePipeline() {
    PipelineCopy.of(copy);
  }

  @Test
  @DisplayName("the shipped pipeline passes otelcol validate and promtool check rules")
  void shippedPipelinePasses() {
    LintReport report = Lint.of(copy.resolve("cluster/gitops"), tools, true);
    assertThat(report.findings()).as(report.text(copy)).isEmpty();
    assertThat(report.notes()).isEmpty();
  }

  @Test
  @DisplayName("an exporter the pipeline names but the config does not declare: otelcol's words")
  void collectorRefused() {
    PipelineCopy.edit(
        copy.resolve("cluster/gitops/observability/collector.yaml"),
        "exporters: [otlp_grpc/jaeger, span_metrics]",
        "exporters: [otlp_grpc/jaeger, span_metrics, debug]");
    LintReport report = Lint.of(copy.resolve("cluster/gitops"), tools, true);
    assertThat(report.findings())
        .as(report.text(copy))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.rule()).isEqualTo(Rule.COLLECTOR_REFUSED);
              assertThat(finding.field()).isEqualTo("spec.config");
              assertThat(finding.message()).contains("debug");
            });
  }

  @Test
  @DisplayName("a rule that does not parse: promtool's words")
  void rulesRefused() {
    PipelineCopy.edit(
        copy.resolve("cluster/gitops/observability/recording-rules.yaml"),
        "histogram_quantile(0.95,",
        "histogram_quantile(0.95,,");
    LintReport report = Lint.of(copy.resolve("cluster/gitops"), tools, true);
    assertThat(report.findings())
        .as(report.text(copy))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.rule()).isEqualTo(Rule.RULES_REFUSED);
              assertThat(finding.field()).isEqualTo("spec.groups");
              assertThat(finding.message()).contains("parse error");
            });
  }
}
