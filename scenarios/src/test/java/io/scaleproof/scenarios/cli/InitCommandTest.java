package io.scaleproof.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.lint.Lint;
import io.scaleproof.cluster.sim.kubelet.RuntimeImage;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import io.scaleproof.scenarios.spec.ProjectFile;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path directory;

  @RegisterExtension final Console console = new Console();

  @Test
  @DisplayName("init writes a project that reads, lints clean and maps its image, anywhere on disk")
  void writesAStarterThatHolds() throws IOException {
    Path target = directory.resolve("team");

    assertThat(ScaleproofCommand.execute("init", target.toString())).isZero();

    Path file = target.resolve("scaleproof.yaml");
    assertThat(console.out()).contains("./scaleproof run ramp --project " + file);
    assertThat(target.resolve("README.md")).content().contains("--project " + file);
    ProjectPipeline project = ProjectPipeline.load(ProjectFile.read(file));
    assertThat(project.chains()).containsOnlyKeys("checkout");
    project.check(ShippedScenarios.find("ramp", project.project().scenarios()));
    assertThat(Lint.of(project.project().pipeline()).hasErrors()).isFalse();
    RuntimeTable runtimes = RuntimeTable.load(project.project().runtimes().orElseThrow());
    assertThat(runtimes.serves("shop/checkout:1.4.2")).isTrue();
    RuntimeImage checkout = runtimes.images().get(0);
    Matcher npm = Pattern.compile("\\$\\{npm:([^}]+)}").matcher(checkout.entrypoint().get(1));
    assertThat(npm.find()).isTrue();
    assertThat(Path.of(npm.group(1)))
        .as("the service's program, found from where the project was written")
        .isAbsolute()
        .isDirectory();
  }

  @Test
  @DisplayName("init into a directory that has a project: exit 2, nothing written")
  void refusesToOverwrite() throws IOException {
    Files.writeString(directory.resolve("scaleproof.yaml"), "mine\n");

    assertThat(ScaleproofCommand.execute("init", directory.toString())).isEqualTo(2);

    assertThat(console.err()).contains("nothing was written");
    assertThat(directory.resolve("scaleproof.yaml")).hasContent("mine");
    assertThat(directory.resolve("deploy")).doesNotExist();
  }
}
