package io.scaleproof.cluster.provision;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.YamlDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The programs scaleproof runs for real (the Collector, Jaeger, Prometheus), each provided by the
 * first way that works, as {@code cluster/tools/tools.yaml} declares: a configured path, the cache,
 * a pinned release archive checked against its sha256, a build from the Go module proxy. When none
 * works, the error lists what was tried and how to fix it.
 */
public final class Tools {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

  /** How one tool is made: a Go module here, or a Collector Builder manifest. */
  record Build(Optional<String> module, Optional<String> builder, Optional<String> manifest) {}

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

  static Tools load(Path catalog, Path cacheRoot, Map<String, String> env) {
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
            tools.put(String.valueOf(name), readTool(file, String.valueOf(name), value)));
    return new Tools(file, tools, cacheRoot, env);
  }

  /** The tools declared, in the catalog's order. */
  public java.util.Set<String> names() {
    return tools.keySet();
  }

  /** The directory holding {@code name}'s binaries, provided on first use. */
  public Path directory(String name) {
    Tool tool = tools.get(name);
    if (tool == null) {
      throw new InvalidInputException(
          catalog,
          "tools." + name,
          "is not declared",
          "Declare it, or use one of " + tools.keySet());
    }
    return provide(tool);
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
    String variable = "SCALEPROOF_TOOL_" + tool.name().toUpperCase(Locale.ROOT).replace('-', '_');
    String configured = env.get(variable);
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : cacheRoot.resolve("tools").resolve(cacheName(tool));
    return Files.isDirectory(dir) && missingBinaries(tool, dir).isEmpty()
        ? Optional.of(dir)
        : Optional.empty();
  }

  /** One binary of a tool, provided on first use. */
  public Path binary(String name, String binary) {
    return directory(name).resolve(binary);
  }

  private synchronized Path provide(Tool tool) {
    String variable = "SCALEPROOF_TOOL_" + tool.name().toUpperCase(Locale.ROOT).replace('-', '_');
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
    Optional<String> downloaded = download(tool, target);
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

  /** Downloads the release archive into {@code target}; empty on success, else why not. */
  private Optional<String> download(Tool tool, Path target) {
    if (tool.release().isEmpty()) {
      return Optional.of("no release archive is declared");
    }
    Release release = tool.release().get();
    String url = platform(release.url());
    if (release.sha256().isEmpty()) {
      return Optional.of("the release " + url + " has no sha256 pinned, so it is not downloaded");
    }
    Path partial = target.resolveSibling(target.getFileName() + ".download-" + pid());
    System.err.println(
        "scaleproof: downloading " + tool.name() + " " + tool.version() + " from " + url);
    try {
      Files.createDirectories(partial);
      Path archive = partial.resolve("release.tar.gz");
      String sha256 = fetch(URI.create(url), archive);
      if (!sha256.equalsIgnoreCase(release.sha256().get())) {
        CachedInstall.deleteTree(partial);
        return Optional.of(
            "the release "
                + url
                + " has sha256 "
                + sha256
                + ", not the pinned "
                + release.sha256().get()
                + ", so it was discarded");
      }
      Path unpacked = partial.resolve("unpacked");
      Files.createDirectories(unpacked);
      run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()));
      for (Map.Entry<String, String> file : release.files().entrySet()) {
        Path binary = partial.resolve(file.getKey());
        Files.move(unpacked.resolve(platform(file.getValue())), binary);
        binary.toFile().setExecutable(true);
      }
      CachedInstall.deleteTree(unpacked);
      Files.delete(archive);
      List<String> missing = missingBinaries(tool, partial);
      if (!missing.isEmpty()) {
        CachedInstall.deleteTree(partial);
        return Optional.of("the release " + url + " holds no " + String.join(", ", missing));
      }
      Files.createDirectories(target.getParent());
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      System.err.println("scaleproof: " + tool.name() + " " + tool.version() + " ready");
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      CachedInstall.deleteTree(partial);
      return Optional.of("downloading " + url + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CachedInstall.deleteTree(partial);
      throw new ProvisioningException("interrupted while downloading " + url);
    }
  }

  /** Builds the tool with Go into {@code target}; empty on success, else why not. */
  private Optional<String> build(Tool tool, Path target) {
    Optional<Path> go = onPath("go");
    if (go.isEmpty()) {
      return Optional.of("building it needs Go, and 'go' is not on PATH");
    }
    Build build = tool.build();
    List<String> command = new ArrayList<>(List.of("sh", "-c"));
    String goEnv = "GOTOOLCHAIN=local CGO_ENABLED=0 ";
    if (build.module().isPresent()) {
      Path module = catalog.getParent().resolve(build.module().get());
      // The whole module: go.mod, go.sum, and the main package of a tool that is the module itself.
      command.add("cp -R -- \"$1\"/. . && " + goEnv + "\"$2\" build -trimpath -o ./ tool");
      command.add("go-build");
      command.add(module.toString());
    } else {
      Path manifest = catalog.getParent().resolve(build.manifest().orElseThrow());
      command.add(
          "cp -- \"$1\" builder-config.yaml && "
              + goEnv
              + "\"$3\" run \"$2\" --config=builder-config.yaml"
              + " && mv build/* . && rm -rf build");
      command.add("ocb-build");
      command.add(manifest.toString());
      command.add(build.builder().orElseThrow());
    }
    command.add(go.get().toString());
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
    StringBuilder key = new StringBuilder(tool.toString());
    Build build = tool.build();
    try {
      if (build.module().isPresent()) {
        Path module = catalog.getParent().resolve(build.module().get());
        key.append(Files.readString(module.resolve("go.mod")));
        key.append(Files.readString(module.resolve("go.sum")));
        try (java.util.stream.Stream<Path> files = Files.list(module)) {
          for (Path source :
              files
                  .filter(Files::isRegularFile)
                  .filter(f -> !List.of("go.mod", "go.sum").contains(f.getFileName().toString()))
                  .sorted()
                  .toList()) {
            key.append(Files.readString(source));
          }
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

  private static List<String> missingBinaries(Tool tool, Path dir) {
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

  private static String platform(String value) {
    String os =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
    String arch = System.getProperty("os.arch");
    String goArch = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return value.replace("${os}", os).replace("${arch}", goArch);
  }

  /** Downloads {@code uri} into {@code file}, returning the sha256 of what arrived. */
  private static String fetch(URI uri, Path file) throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream in = new DigestInputStream(body, sha256)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  private static Tool readTool(Path file, String name, Object value) {
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
    Optional<Release> release = Optional.empty();
    if (entry.get("release") instanceof Map<?, ?> r) {
      Map<String, String> files = new LinkedHashMap<>();
      if (r.get("files") instanceof Map<?, ?> declared) {
        declared.forEach((k, v) -> files.put(String.valueOf(k), String.valueOf(v)));
      }
      release =
          Optional.of(
              new Release(
                  requiredString(file, at + ".release.url", r.get("url")),
                  optionalString(r.get("sha256")),
                  files));
    }
    return new Tool(
        name,
        version,
        binaries.stream().map(String::valueOf).toList(),
        new Build(module, builder, manifest),
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
}
