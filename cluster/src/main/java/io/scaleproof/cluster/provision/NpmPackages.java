package io.scaleproof.cluster.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Node.js project installed with {@code npm ci} from its committed lockfile into the cache: its
 * package files and scripts with their {@code node_modules}, as its image would hold them. Keyed by
 * the content of those files, so an edit to a script gives a fresh copy.
 */
public final class NpmPackages {
  private NpmPackages() {}

  /** A copy of {@code project} with its production dependencies installed, made on first use. */
  public static Path ensure(Path project, Path cacheRoot) {
    List<Path> files = projectFiles(project);
    StringBuilder key = new StringBuilder();
    for (Path file : files) {
      key.append(file.getFileName()).append('\0').append(CachedInstall.read(file)).append('\0');
    }
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "sh",
            "-c",
            "cp -- \"$@\" . && npm ci --omit=dev --no-audit --no-fund --ignore-scripts"));
    command.add("npm-install");
    files.forEach(file -> command.add(file.toAbsolutePath().toString()));
    return CachedInstall.ensure(
        cacheRoot,
        "npm",
        key.toString(),
        "the npm packages " + dependencies(project.resolve("package.json")) + " of " + project,
        "Check that node and npm are installed and that the npm registry is reachable, then run again",
        into -> command);
  }

  /** The dependencies package.json declares, as {@code name@version}. */
  static List<String> dependencies(Path packageJson) {
    try {
      JsonNode dependencies =
          JsonMapper.builder().build().readTree(packageJson.toFile()).path("dependencies");
      return dependencies.properties().stream()
          .map(entry -> entry.getKey() + "@" + entry.getValue().asString())
          .toList();
    } catch (JacksonException e) {
      throw new ProvisioningException(
          packageJson + " is not valid JSON: " + e.getOriginalMessage() + ". Fix the file");
    }
  }

  /**
   * package.json, its lockfile, the project's {@code .npmrc} (registry and cache settings) and its
   * own scripts; not subdirectories.
   */
  private static List<Path> projectFiles(Path project) {
    if (!Files.isRegularFile(project.resolve("package-lock.json"))) {
      throw new ProvisioningException(
          project.resolve("package-lock.json")
              + " is missing: npm ci installs from a committed lockfile. Run `npm install"
              + " --package-lock-only` in "
              + project
              + " and commit the file");
    }
    try (Stream<Path> entries = Files.list(project)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                String name = file.getFileName().toString();
                return name.equals("package.json")
                    || name.equals("package-lock.json")
                    || name.equals(".npmrc")
                    || name.endsWith(".js")
                    || name.endsWith(".cjs")
                    || name.endsWith(".mjs");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ProvisioningException("cannot read " + project + ": " + e.getMessage());
    }
  }
}
