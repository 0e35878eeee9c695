package io.scaleproof.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scaleproof lint} from the command line: exit 0 on the shipped pipeline, 1 on a broken one
 * (text and SARIF), 2 on what cannot be read. An IT: lint fetches the upstream CRDs with Go.
 */
class LintCommandIT {
  @TempDir Path directory;

  @RegisterExtension final Console console = new Console();

  @Test
  @DisplayName("lint: the shipped pipeline is clean (exit 0); a broken one fails (exit 1)")
  void lint() {
    String shipped = ProjectFiles.find("cluster/gitops").toString();
    assertThat(ScaleproofCommand.execute("lint", shipped)).isZero();
    assertThat(console.out()).contains("0 errors, 0 warnings");

    String broken = ProjectFiles.find("cluster/src/test/resources/lint/blog-post").toString();
    assertThat(ScaleproofCommand.execute("lint", broken)).isEqualTo(1);
    assertThat(console.out())
        .contains("endpoint-protocol  Instrumentation shop/default  spec.exporter.endpoint")
        // 11 errors of lint's own; a 12th, otelcol's, where the tools are built already.
        .containsPattern("1[12] errors, 2 warnings");

    console.resetOut();
    assertThat(ScaleproofCommand.execute("lint", broken, "--format", "sarif")).isEqualTo(1);
    assertThat(console.out()).contains("\"version\":\"2.1.0\"", "\"ruleId\":\"endpoint-protocol\"");
  }

  @Test
  @DisplayName("lint of what cannot be read: exit 2, naming the file or the option")
  void lintBadInput() throws IOException {
    assertThat(ScaleproofCommand.execute("lint", directory.resolve("nowhere").toString()))
        .isEqualTo(2);
    assertThat(console.err()).contains("nowhere: is not a directory");

    assertThat(
            ScaleproofCommand.execute(
                "lint", ProjectFiles.find("cluster/gitops").toString(), "--format", "xml"))
        .isEqualTo(2);
    assertThat(console.err()).contains("--format: 'xml'");

    Path broken = Files.createDirectories(directory.resolve("broken"));
    Files.writeString(broken.resolve("app.yaml"), "kind: Deployment\nmetadata: {name: [x\n");
    assertThat(ScaleproofCommand.execute("lint", broken.toString())).isEqualTo(2);
    assertThat(console.err()).contains("app.yaml").contains("YAML");
  }
}
