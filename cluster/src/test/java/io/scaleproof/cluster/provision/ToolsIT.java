package io.scaleproof.cluster.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order in which a tool is provided (configured path, cache, checked release, Go build) and
 * what is said when nothing works. Releases come from a loopback server; no Go build runs here (the
 * pipeline suites build the real tools).
 */
class ToolsIT {
  @TempDir Path dir;
  private HttpServer releases;
  private byte[] archive;

  @BeforeEach
  void serveARelease() throws Exception {
    Path content = dir.resolve("archive/demo-1.0.0.linux-amd64");
    Files.createDirectories(content);
    Files.writeString(content.resolve("demo"), "#!/bin/sh\necho demo 1.0.0\n");
    content.resolve("demo").toFile().setExecutable(true);
    Path tarball = dir.resolve("demo.tar.gz");
    Process tar =
        new ProcessBuilder(
                "tar", "-czf", tarball.toString(), "-C", dir.resolve("archive").toString(), ".")
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    archive = Files.readAllBytes(tarball);
    releases = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    releases.createContext(
        "/demo.tar.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, archive.length);
          exchange.getResponseBody().write(archive);
          exchange.close();
        });
    releases.start();
  }

  @AfterEach
  void stop() {
    releases.stop(0);
  }

  @Test
  @DisplayName("a release with the pinned sha256 is downloaded, unpacked and cached")
  void checkedReleaseIsUsed() throws Exception {
    Tools tools = tools(sha256(archive), Map.of("PATH", ""));

    Path binary = tools.binary("demo", "demo");

    assertThat(binary).isExecutable().startsWith(dir.resolve("cache/tools"));
    assertThat(binary.getParent().getFileName().toString()).startsWith("demo-1.0.0-");
    releases.stop(0);
    assertThat(tools(sha256(archive), Map.of("PATH", "")).binary("demo", "demo"))
        .as("the second time, from the cache, with the server gone")
        .isEqualTo(binary);
  }

  @Test
  @DisplayName("a release whose sha256 differs is discarded, and the error lists every step tried")
  void wrongChecksumIsRefused() {
    Tools tools = tools("0".repeat(64), Map.of("PATH", ""));

    assertThatThrownBy(() -> tools.directory("demo"))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("could not provide demo 1.0.0 (demo)")
        .hasMessageContaining("SCALEPROOF_TOOL_DEMO is not set")
        .hasMessageContaining("not in the cache at " + dir.resolve("cache/tools"))
        .hasMessageContaining(
            "has sha256 " + sha256(archive) + ", not the pinned " + "0".repeat(64))
        .hasMessageContaining("'go' is not on PATH")
        .hasMessageContaining("install Go 1.26 or newer")
        .hasMessageContaining("set SCALEPROOF_TOOL_DEMO to a directory holding demo");
    assertThat(dir.resolve("cache/tools"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  @DisplayName("a release without a pinned sha256 is never downloaded")
  void uncheckedReleaseIsNotDownloaded() {
    Tools tools = tools("", Map.of("PATH", ""));

    assertThatThrownBy(() -> tools.directory("demo"))
        .hasMessageContaining("has no sha256 pinned, so it is not downloaded");
  }

  @Test
  @DisplayName("a configured directory wins, and one without the binaries is an error naming it")
  void configuredPath() throws Exception {
    Path mine = dir.resolve("mine");
    Files.createDirectories(mine);
    Files.writeString(mine.resolve("demo"), "#!/bin/sh\n");
    mine.resolve("demo").toFile().setExecutable(true);

    assertThat(tools("", Map.of("SCALEPROOF_TOOL_DEMO", mine.toString())).directory("demo"))
        .isEqualTo(mine);
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertThatThrownBy(
            () -> tools("", Map.of("SCALEPROOF_TOOL_DEMO", empty.toString())).directory("demo"))
        .hasMessageContaining(
            "SCALEPROOF_TOOL_DEMO=" + empty + " does not hold an executable demo");
  }

  @Test
  @DisplayName("a catalog entry without a build says which field and what to give")
  void brokenCatalog() throws Exception {
    Path catalog = dir.resolve("broken.yaml");
    Files.writeString(catalog, "tools:\n  demo:\n    version: 1.0.0\n    binaries: [demo]\n");

    assertThatThrownBy(() -> Tools.load(catalog, dir.resolve("cache"), Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(catalog.toString())
        .hasMessageContaining("tools.demo.build: is missing");
  }

  @Test
  @DisplayName("the project's catalog declares every tool the pipeline runs, each buildable")
  void projectCatalog() {
    Tools tools =
        Tools.load(
            io.scaleproof.cluster.ProjectFiles.find("cluster/tools/tools.yaml"),
            dir.resolve("cache"),
            Map.of());
    assertThat(tools.names()).containsExactly("otelcol", "jaeger", "prometheus");
  }

  private Tools tools(String sha256, Map<String, String> env) {
    Path catalog = dir.resolve("tools.yaml");
    try {
      Files.writeString(
          catalog,
          """
          tools:
            demo:
              version: 1.0.0
              binaries: [demo]
              build:
                module: demo
              release:
                url: http://%s:%d/demo.tar.gz
                sha256: "%s"
                files:
                  demo: demo-1.0.0.${os}-${arch}/demo
          """
              .formatted(
                  releases.getAddress().getHostString(), releases.getAddress().getPort(), sha256));
      Path module = dir.resolve("demo");
      Files.createDirectories(module);
      Files.writeString(module.resolve("go.mod"), "module demo\n");
      Files.writeString(module.resolve("go.sum"), "");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Tools.load(catalog, dir.resolve("cache"), env);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
