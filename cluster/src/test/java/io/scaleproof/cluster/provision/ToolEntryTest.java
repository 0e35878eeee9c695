package io.scaleproof.cluster.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A tools catalog's entry as {@link ToolEntry} reads it: what it is built with, and its errors. */
class ToolEntryTest {
  private static final Path CATALOG = Path.of("cluster/tools/local.yaml");

  @Test
  @DisplayName("without a toolchain or linker flags: the local go, no flags")
  void defaults() {
    Tools.Tool tool =
        ToolEntry.read(
            CATALOG,
            "etcd",
            Map.of(
                "version",
                "3.7.3",
                "binaries",
                List.of("etcd"),
                "build",
                Map.of("module", "etcd")));

    assertThat(tool.build().toolchain()).isEqualTo("local");
    assertThat(tool.build().ldflags()).isEmpty();
  }

  @Test
  @DisplayName("a declared toolchain and linker flags are kept, in order")
  void declared() {
    Tools.Tool tool =
        ToolEntry.read(
            CATALOG,
            "keda",
            Map.of(
                "version",
                "2.21.0",
                "binaries",
                List.of("operator"),
                "build",
                Map.of(
                    "module",
                    "keda",
                    "toolchain",
                    "go1.27.4",
                    "ldflags",
                    List.of("-s", "-X=github.com/kedacore/keda/v2/version.Version=2.21.0"))));

    assertThat(tool.build().toolchain()).isEqualTo("go1.27.4");
    assertThat(tool.build().ldflags())
        .containsExactly("-s", "-X=github.com/kedacore/keda/v2/version.Version=2.21.0");
  }

  @Test
  @DisplayName("linker flags that are not a list: the file, the field and the fix")
  void ldflagsNotAList() {
    assertThatThrownBy(
            () ->
                ToolEntry.read(
                    CATALOG,
                    "etcd",
                    Map.of(
                        "version",
                        "3.7.3",
                        "binaries",
                        List.of("etcd"),
                        "build",
                        Map.of("module", "etcd", "ldflags", "-s -w"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("local.yaml")
        .hasMessageContaining("tools.etcd.build.ldflags")
        .hasMessageContaining("is not a list");
  }
}
