package io.scaleproof.cluster.provision;

import io.scaleproof.cluster.InvalidInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code cluster/tools/tools.yaml} read into a {@link Tools.Tool}: its version, its
 * binaries, how it is built (a Go module, or a Collector Builder manifest) and its release archive.
 * A missing or contradictory field is an error naming it.
 */
final class ToolEntry {
  private ToolEntry() {}

  static Tools.Tool read(Path file, String name, Object value) {
    String at = "tools." + name;
    if (!(value instanceof Map<?, ?> entry)) {
      throw new InvalidInputException(
          file, at, "is not a mapping", "Give version, binaries, build");
    }
    String version = requiredString(file, at + ".version", entry.get("version"));
    if (!(entry.get("binaries") instanceof List<?> binaries) || binaries.isEmpty()) {
      throw new InvalidInputException(
          file, at + ".binaries", "is missing or empty", "List the tool's executables");
    }
    if (!(entry.get("build") instanceof Map<?, ?> build)) {
      throw new InvalidInputException(
          file,
          at + ".build",
          "is missing",
          "Give build.module, or build.builder and build.manifest");
    }
    Optional<String> module = optionalString(build.get("module"));
    Optional<String> builder = optionalString(build.get("builder"));
    Optional<String> manifest = optionalString(build.get("manifest"));
    if (module.isPresent() == (builder.isPresent() || manifest.isPresent())
        || builder.isPresent() != manifest.isPresent()) {
      throw new InvalidInputException(
          file,
          at + ".build",
          "must give either 'module' or both 'builder' and 'manifest'",
          "A Go module directory here, or an OCB version and its manifest");
    }
    Optional<Tools.Release> release = Optional.empty();
    if (entry.get("release") instanceof Map<?, ?> r) {
      Map<String, String> files = new LinkedHashMap<>();
      if (r.get("files") instanceof Map<?, ?> declared) {
        declared.forEach((k, v) -> files.put(String.valueOf(k), String.valueOf(v)));
      }
      release =
          Optional.of(
              new Tools.Release(
                  requiredString(file, at + ".release.url", r.get("url")),
                  optionalString(r.get("sha256")),
                  files));
    }
    return new Tools.Tool(
        name,
        version,
        binaries.stream().map(String::valueOf).toList(),
        new Tools.Build(
            module,
            builder,
            manifest,
            optionalString(build.get("toolchain")).orElse("local"),
            ldflags(file, at + ".build.ldflags", build.get("ldflags"))),
        release);
  }

  private static String requiredString(Path file, String at, Object value) {
    return optionalString(value)
        .orElseThrow(() -> new InvalidInputException(file, at, "is missing", "Give a value"));
  }

  private static Optional<String> optionalString(Object value) {
    return value == null || String.valueOf(value).isBlank()
        ? Optional.empty()
        : Optional.of(String.valueOf(value));
  }

  /** The linker flags, a list of strings; none when absent. */
  private static List<String> ldflags(Path file, String at, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> flags)) {
      throw new InvalidInputException(
          file, at, "is not a list", "List the flags, one a line: - -X=pkg.var=value");
    }
    return flags.stream().map(String::valueOf).toList();
  }
}
