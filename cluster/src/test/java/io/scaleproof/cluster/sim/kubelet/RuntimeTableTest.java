package io.scaleproof.cluster.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeTableTest {
  @TempDir Path dir;

  @Test
  @DisplayName("an entry without a tag serves every tag; a tagged entry wins for its tag")
  void matchesRepositoryThenTag() throws IOException {
    RuntimeTable table =
        table(
            """
        runtimes:
          - image: ghcr.io/acme/app
            entrypoint: [app-any]
          - image: ghcr.io/acme/app:2.0
            entrypoint: [app-two]
          - image: python
            entrypoint: [python3]
        """);

    assertThat(table.lookup("ghcr.io/acme/app:1.0").orElseThrow().entrypoint())
        .containsExactly("app-any");
    assertThat(table.lookup("ghcr.io/acme/app:2.0").orElseThrow().entrypoint())
        .containsExactly("app-two");
    assertThat(table.lookup("ghcr.io/acme/app@sha256:abc").orElseThrow().entrypoint())
        .containsExactly("app-any");
    assertThat(table.lookup("docker.io/library/python:3.11")).isPresent();
    assertThat(table.lookup("ghcr.io/acme/other:1.0")).isEmpty();
  }

  @Test
  @DisplayName(
      "placeholders stay in the image's declarations and resolve on the host to the table's"
          + " directory and the running JVM")
  void resolvesPlaceholders() throws IOException {
    RuntimeTable table =
        table(
            """
        runtimes:
          - image: tool
            entrypoint: ["${java}", -jar, "${table.dir}/tool.jar"]
            env: {TOOL_HOME: "${table.dir}"}
        """);

    RuntimeImage tool = table.lookup("tool:1").orElseThrow();
    assertThat(tool.entrypoint()).containsExactly("${java}", "-jar", "${table.dir}/tool.jar");
    assertThat(tool.onHost(tool.entrypoint().get(0)))
        .endsWith("/bin/java")
        .startsWith(System.getProperty("java.home"));
    assertThat(tool.onHost(tool.entrypoint().get(2))).isEqualTo(dir.toAbsolutePath() + "/tool.jar");
    assertThat(tool.onHost(tool.env().get("TOOL_HOME"))).isEqualTo(dir.toAbsolutePath().toString());
  }

  @Test
  @DisplayName("an entry without image or command fails naming the entry")
  void badEntriesAreNamed() throws IOException {
    assertThatThrownBy(() -> table("runtimes:\n  - entrypoint: [x]\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("runtimes[0].image: is missing");
    assertThatThrownBy(() -> table("runtimes:\n  - image: x\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("runtimes[0]: declares neither entrypoint nor cmd");
    assertThatThrownBy(() -> table("images: []\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("runtimes: is missing or not a list");
  }

  @Test
  @DisplayName("the shipped table is valid and maps the demo image")
  void shippedTableIsValid() {
    RuntimeTable shipped = RuntimeTable.load(Path.of("runtimes.yaml"));

    assertThat(shipped.lookup("scaleproof/echo-server:1.0.0")).isPresent();
  }

  private RuntimeTable table(String yaml) throws IOException {
    return RuntimeTable.load(Files.writeString(dir.resolve("runtimes.yaml"), yaml));
  }
}
