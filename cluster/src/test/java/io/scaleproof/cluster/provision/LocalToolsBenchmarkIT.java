package io.scaleproof.cluster.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.BoundedProcess;
import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code local} backend's programs cost to build on this machine, cold: each tool of
 * {@code cluster/tools/local.yaml} built through {@link Tools} into an empty cache with an empty Go
 * build cache (a {@code go} on PATH that points {@code GOCACHE} at a fresh directory; the module
 * cache is shared, so the figure is the compile and link, not the download). Prints each build's
 * time and binaries' sizes; asserts only what could be wrong: every binary is there and reports the
 * release it was stamped with. Run with {@code ./mvnw verify -Plocal -pl cluster
 * -Dit.test=LocalToolsBenchmarkIT}; about half an hour on 2 cores.
 */
@Tag("local")
class LocalToolsBenchmarkIT {
  /** A binary, the flag that makes it print its version, and what that must contain. */
  private record VersionCheck(String tool, String binary, List<String> args, String expected) {}

  private static final List<VersionCheck> CHECKS =
      List.of(
          new VersionCheck("kube-control-plane", "kube-apiserver", List.of("--version"), "v1.37.2"),
          new VersionCheck(
              "kube-control-plane", "kube-controller-manager", List.of("--version"), "v1.37.2"),
          new VersionCheck("kube-control-plane", "kube-scheduler", List.of("--version"), "v1.37.2"),
          new VersionCheck("etcd", "etcd", List.of("--version"), "etcd Version: 3.7.3"));

  @TempDir Path cache;
  @TempDir Path goCache;
  @TempDir Path bin;

  @Test
  @DisplayName(
      "every local-backend tool builds cold from the Go module proxy, stamped with its release")
  void coldBuilds() throws Exception {
    Path catalog = ProjectFiles.find("cluster/tools/local.yaml");
    Tools tools = Tools.load(catalog, cache, System.getenv());
    StringBuilder figures =
        new StringBuilder("\nlocal backend tools, cold builds on this machine:\n");
    for (String name : tools.names()) {
      // Each tool with a Go build cache of its own, empty: none profits from another's build.
      Tools cold = Tools.load(catalog, cache, environment(name));
      long start = System.nanoTime();
      Path directory = cold.directory(name);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      figures.append(String.format("  %-20s %5d s", name, took.toSeconds()));
      for (String binary : cold.binaries(name)) {
        figures.append(
            String.format(
                "  %s %d MB", binary, Files.size(directory.resolve(binary)) / (1024 * 1024)));
      }
      figures.append('\n');
    }
    System.out.print(figures);
    for (VersionCheck check : CHECKS) {
      Path binary = tools.binary(check.tool(), check.binary());
      List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
      command.addAll(check.args());
      BoundedProcess.Result result =
          BoundedProcess.run(new ProcessBuilder(command), Duration.ofSeconds(30));
      assertThat(result.output())
          .as("%s %s", check.binary(), check.args())
          .contains(check.expected());
    }
    for (String name : tools.names()) {
      for (String binary : tools.binaries(name)) {
        assertThat(tools.binary(name, binary)).as("%s %s", name, binary).isExecutable();
      }
    }
  }

  /** This machine's environment, with a {@code go} first on PATH whose build cache is empty. */
  private Map<String, String> environment(String tool) throws IOException {
    Path go =
        java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
            .map(dir -> Path.of(dir, "go"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no go on PATH"));
    Path directory = Files.createDirectories(bin.resolve(tool));
    Path wrapper = directory.resolve("go");
    Files.writeString(
        wrapper,
        "#!/bin/sh\nGOCACHE='"
            + Files.createDirectories(goCache.resolve(tool))
            + "' exec '"
            + go.toRealPath()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", directory + java.io.File.pathSeparator + System.getenv("PATH"));
    return env;
  }
}
