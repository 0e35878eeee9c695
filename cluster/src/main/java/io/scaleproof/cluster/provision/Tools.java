package io.scaleproof.cluster.provision;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.YamlDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The programs scaleproof runs for real (the Collector, Jaeger, Prometheus), each provided by the
 * first way that works, as {@code cluster/tools/tools.yaml} declares: a configured path, the cache,
 * a pinned release archive checked against its sha256, a build from the Go module proxy. When none
 * works, the error lists what was tried and how to fix it.
 */
public final class Tools {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);

  /**
   * How one tool is made: a Go module here, or a Collector Builder manifest; with the Go toolchain
   * it asks for ({@code local}, the {@code go} on PATH, unless it names a release such as {@code
   * go1.27.4}, which the go command fetches from the module proxy) and the linker flags it is built
   * with (a version stamped with {@code -X}, say).
   */
  record Build(
      Optional<String> module,
      Optional<String> builder,
      Optional<String> manifest,
      String toolchain,
      List<String> ldflags) {}

  /** A release archive; without a sha256 it is never downloaded. */
  record Release(String url, Optional<String> sha256, Map<String, String> files) {}

  record Tool(
      String name, String version, List<String> binaries, Build build, Optional<Release> release) {}

  private final Path catalog;
  private final Map<String, Tool> tools;
  private final Path cacheRoot;
  private final Map<String, String> env;

  Tools(Path catalog, Map<String, Tool> tools, Path cacheRoot, Map<String, String> env) {
    this.catalog = catalog;
    this.tools = tools;
    this.cacheRoot = cacheRoot;
    this.env = env;
  }

  /** The tools a catalog declares, provided into the user's cache. */
  public static Tools load(Path catalog) {
    return load(catalog, Cache.root(), System.getenv());
  }

  /** As {@link #load(Path)}, into {@code cacheRoot}, reading SCALEPROOF_TOOL_* and PATH in env. */
  public static Tools load(Path catalog, Path cacheRoot, Map<String, String> env) {
    Path file = catalog.toAbsolutePath().normalize();
    List<YamlDocuments.Document> documents = YamlDocuments.read(file);
    if (documents.size() != 1
        || !(documents.get(0).value() instanceof Map<?, ?> root)
        || !(root.get("tools") instanceof Map<?, ?> entries)) {
      throw new InvalidInputException(
          file, "tools", "expected one YAML document with a 'tools' mapping", "");
    }
    Map<String, Tool> tools = new LinkedHashMap<>();
    entries.forEach(
        (name, value) ->
            tools.put(String.valueOf(name), ToolEntry.read(file, String.valueOf(name), value)));
    return new Tools(file, tools, cacheRoot, env);
  }

  /** The tools declared, in the catalog's order. */
  public java.util.Set<String> names() {
    return tools.keySet();
  }

  /** The binaries {@code name} is made of, as its entry declares them. */
  public List<String> binaries(String name) {
    return tool(name).binaries();
  }

  /** The directory holding {@code name}'s binaries, provided on first use. */
  public Path directory(String name) {
    return provide(tool(name));
  }

  private Tool tool(String name) {
    Tool tool = tools.get(name);
    if (tool == null) {
      throw new InvalidInputException(
          catalog,
          "tools." + name,
          "is not declared",
          "Declare it, or use one of " + tools.keySet());
    }
    return tool;
  }

  /**
   * The directory of {@code name}'s binaries when they are already there (the variable that points
   * at them, or the cache); nothing is downloaded or built.
   */
  public Optional<Path> provided(String name) {
    Tool tool = tools.get(name);
    if (tool == null) {
      return Optional.empty();
    }
    String variable = variable(tool);
    String configured = env.get(variable);
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : cacheRoot.resolve("tools").resolve(cacheName(tool));
    return Files.isDirectory(dir) && missingBinaries(tool, dir).isEmpty()
        ? Optional.of(dir)
        : Optional.empty();
  }

  /**
   * The variable that points at a directory holding {@code tool}'s binaries: SCALEPROOF_TOOL_KINE.
   */
  private static String variable(Tool tool) {
    return "SCALEPROOF_TOOL_" + tool.name().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** One binary of a tool, provided on first use. */
  public Path binary(String name, String binary) {
    return directory(name).resolve(binary);
  }

  private synchronized Path provide(Tool tool) {
    String variable = variable(tool);
    String configured = env.get(variable);
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured);
      List<String> missing = missingBinaries(tool, dir);
      if (!missing.isEmpty()) {
        throw new ProvisioningException(
            variable
                + "="
                + configured
                + " does not hold an executable "
                + String.join(", ", missing)
                + ". Point it at a directory with "
                + String.join(" and ", tool.binaries())
                + " ("
                + tool.name()
                + " "
                + tool.version()
                + "), or unset it to let scaleproof build them");
      }
      return dir;
    }
    List<String> tried = new ArrayList<>();
    tried.add(variable + " is not set");
    Path target = cacheRoot.resolve("tools").resolve(cacheName(tool));
    if (Files.isDirectory(target) && missingBinaries(tool, target).isEmpty()) {
      return target;
    }
    tried.add("not in the cache at " + target);
    Optional<String> downloaded = ReleaseDownload.into(tool, target);
    if (downloaded.isEmpty()) {
      return target;
    }
    tried.add(downloaded.get());
    Optional<String> built = build(tool, target);
    if (built.isEmpty()) {
      return target;
    }
    tried.add(built.get());
    throw new ProvisioningException(
        "could not provide "
            + tool.name()
            + " "
            + tool.version()
            + " ("
            + String.join(", ", tool.binaries())
            + "). Tried: "
            + String.join("; ", tried)
            + ". To fix: install Go 1.26 or newer and let it reach the Go module proxy (GOPROXY),"
            + " or set "
            + variable
            + " to a directory holding "
            + String.join(" and ", tool.binaries())
            + " "
            + tool.version()
            + " (declared in "
            + catalog
            + ")");
  }

  /** Builds the tool with Go into {@code target}; empty on success, else why not. */
  private Optional<String> build(Tool tool, Path target) {
    Optional<Path> go = onPath("go");
    if (go.isEmpty()) {
      return Optional.of("building it needs Go, and 'go' is not on PATH");
    }
    List<String> command = GoBuildScript.command(tool.build(), go.get(), catalog.getParent());
    try {
      CachedInstall.ensure(
          cacheRoot,
          target,
          "building " + tool.name() + " " + tool.version() + " from the Go module proxy",
          tool.name() + " " + tool.version(),
          "Check that Go 1.26 or newer is installed and the Go module proxy is reachable",
          BUILD_TIMEOUT,
          into -> command);
    } catch (ProvisioningException e) {
      return Optional.of("the Go build failed: " + e.getMessage());
    }
    List<String> missing = missingBinaries(tool, target);
    if (!missing.isEmpty()) {
      CachedInstall.deleteTree(target);
      return Optional.of("the Go build made no " + String.join(", ", missing));
    }
    return Optional.empty();
  }

  private String cacheName(Tool tool) {
    // A tool built the default way (the local toolchain, no linker flags) keeps the key it had
    // before either could be declared, so that the caches already filled stay in use.
    StringBuilder key =
        new StringBuilder(tool.toString().replace(", toolchain=local, ldflags=[]", ""));
    Build build = tool.build();
    try {
      if (build.module().isPresent()) {
        Path module = catalog.getParent().resolve(build.module().get());
        key.append(Files.readString(module.resolve("go.mod")));
        key.append(Files.readString(module.resolve("go.sum")));
        // Every file of the module, a package of its own (argo-cd/programs/redis) included.
        try (java.util.stream.Stream<Path> files = Files.walk(module)) {
          for (Path source :
              files
                  .filter(Files::isRegularFile)
                  .filter(
                      f -> !List.of("go.mod", "go.sum").contains(module.relativize(f).toString()))
                  .sorted()
                  .toList()) {
            key.append(Files.readString(source));
          }
        }
        if (Files.exists(module.resolve("prepare.json"))) {
          // The catalog's prepare.go runs for it, so a change to it is a new build.
          key.append(Files.readString(catalog.getParent().resolve("prepare.go")));
        }
      }
      if (build.manifest().isPresent()) {
        key.append(Files.readString(catalog.getParent().resolve(build.manifest().get())));
      }
    } catch (IOException e) {
      throw new InvalidInputException(
          catalog,
          "tools." + tool.name() + ".build",
          "names a file that cannot be read: " + e.getMessage(),
          "Fix the path");
    }
    return tool.name() + "-" + tool.version() + "-" + CachedInstall.digest(key.toString());
  }

  static List<String> missingBinaries(Tool tool, Path dir) {
    return tool.binaries().stream().filter(b -> !Files.isExecutable(dir.resolve(b))).toList();
  }

  private Optional<Path> onPath(String program) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }
}
