package io.scaleproof.cluster.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark: lint of {@code cluster/gitops} (the kustomization with the three sample apps), the
 * first time in this JVM and warm. The target is under 5 s warm on 2 cores; the figures are
 * printed, not asserted.
 */
@Tag("benchmark")
class LintBenchmarkIT {
  @Test
  void lintOfTheShippedPipeline() {
    Path pipeline = ProjectFiles.find("cluster/gitops");
    long first = System.nanoTime();
    LintReport report = Lint.of(pipeline);
    double firstMs = (System.nanoTime() - first) / 1e6;
    assertThat(report.findings()).isEmpty();
    List<Double> warm = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long start = System.nanoTime();
      Lint.of(pipeline);
      warm.add((System.nanoTime() - start) / 1e6);
    }
    warm.sort(null);
    System.out.printf(
        "lint benchmark: cluster/gitops, %d files, %d objects: first %.0f ms; warm median %.1f ms,"
            + " max %.1f ms (30 runs)%n",
        report.files(),
        report.objects(),
        firstMs,
        warm.get(warm.size() / 2),
        warm.get(warm.size() - 1));
  }
}
