package io.scaleproof.cluster.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package registry that cannot be reached while the cache is empty: the install fails with an
 * error that names the packages with their versions, the cache directory and what to do, and leaves
 * nothing in the cache that a later run could take for a finished install. The registries are
 * pointed at a closed loopback port from the project's own files, as a user's would be.
 */
class ProvisioningIT {
  private static final String CLOSED_PORT = "http://127.0.0.1:9/";
  private static final String MS_INTEGRITY =
      "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==";

  @TempDir Path cache;
  @TempDir Path project;

  @Test
  @DisplayName("pip: an unreachable index names the requirement and the cache, and leaves no entry")
  void pipIndexUnreachable() throws IOException {
    Path requirements = project.resolve("requirements.txt");
    Files.writeString(requirements, "--index-url " + CLOSED_PORT + "simple\nflask==3.1.3\n");

    assertThatThrownBy(() -> PipTarget.ensure(requirements, cache))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("flask==3.1.3")
        .hasMessageContaining("the cache directory is " + cache)
        .hasMessageContaining("PyPI is reachable")
        .hasMessageContaining("No matching distribution found for flask==3.1.3");
    assertThat(installed(cache.resolve("pip"))).isEmpty();
  }

  @Test
  @DisplayName(
      "npm: an unreachable registry names the dependency and the cache, and leaves no entry")
  void npmRegistryUnreachable() throws IOException {
    Files.writeString(
        project.resolve("package.json"),
        """
        {"name": "unreachable", "version": "1.0.0", "private": true,
         "dependencies": {"ms": "2.1.3"}}
        """);
    Files.writeString(
        project.resolve("package-lock.json"),
        """
        {"name": "unreachable", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
         "packages": {
           "": {"name": "unreachable", "version": "1.0.0", "dependencies": {"ms": "2.1.3"}},
           "node_modules/ms": {"version": "2.1.3",
             "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
             "integrity": "%s"}}}
        """
            .formatted(MS_INTEGRITY));
    // An empty npm cache of its own, so that nothing can be served without the registry.
    Files.writeString(
        project.resolve(".npmrc"),
        "registry="
            + CLOSED_PORT
            + "\ncache="
            + project.resolve("npm-cache")
            + "\nfetch-retries=0\n");

    assertThatThrownBy(() -> NpmPackages.ensure(project, cache))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("ms@2.1.3")
        .hasMessageContaining("the cache directory is " + cache)
        .hasMessageContaining("the npm registry is reachable")
        .hasMessageContaining("ECONNREFUSED");
    assertThat(installed(cache.resolve("npm"))).isEmpty();
  }

  @Test
  @DisplayName("npm: a project without a lockfile is refused before anything is installed")
  void npmWithoutLockfile() throws IOException {
    Files.writeString(project.resolve("package.json"), "{\"name\": \"x\", \"version\": \"1.0.0\"}");

    assertThatThrownBy(() -> NpmPackages.ensure(project, cache))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining(project.resolve("package-lock.json") + " is missing")
        .hasMessageContaining("npm install --package-lock-only");
    assertThat(cache.resolve("npm")).doesNotExist();
  }

  /** What the cache holds besides the installer's log: finished or half-made installs. */
  private static java.util.List<Path> installed(Path kind) throws IOException {
    try (Stream<Path> entries = Files.list(kind)) {
      return entries.filter(p -> !p.getFileName().toString().endsWith(".log")).toList();
    }
  }
}
