package io.scaleproof.cluster.sim.kubelet;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.YamlDocuments;
import io.scaleproof.cluster.provision.Cache;
import io.scaleproof.cluster.provision.NpmPackages;
import io.scaleproof.cluster.provision.PipTarget;
import io.scaleproof.cluster.provision.PythonVenv;
import io.scaleproof.cluster.provision.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded cluster's answer to "pull this image": a declared table, not Java code, that maps
 * image names to local commands. Each entry mirrors what an image declares (ENTRYPOINT, CMD,
 * WORKDIR, ENV), so that a container's {@code command} and {@code args} combine with it exactly as
 * they do with a real image.
 *
 * <p>Values may use {@code ${table.dir}} (the table file's directory), {@code ${java}} (the java
 * executable running scaleproof) and {@code ${java.home}}; env values may use {@code
 * ${pip:path/to/requirements.txt}}, the cached directory of those packages (see {@link PipTarget}),
 * installed the first time a pod needs it.
 */
public final class RuntimeTable {
  private final Path source;
  private static final Pattern PROVISIONED = Pattern.compile("\\$\\{(pip|venv|npm|tool):([^}]+)}");

  private final List<RuntimeImage> images;
  private final Map<RuntimeImage, RuntimeImage> provisioned = new ConcurrentHashMap<>();

  /** The table this one's entries are laid over, or null. */
  private final RuntimeTable base;

  private RuntimeTable(Path source, List<RuntimeImage> images, RuntimeTable base) {
    this.source = source;
    this.images = List.copyOf(images);
    this.base = base;
  }

  /**
   * This table laid over {@code base}: an image this table serves is served by this table's entry,
   * any other by {@code base}'s. Each entry keeps the paths of the file it was read from. A team's
   * own table lies over the shipped one.
   */
  public RuntimeTable over(RuntimeTable base) {
    return new RuntimeTable(source, images, base);
  }

  /** The file this table was read from; errors about missing images point users there. */
  public Path source() {
    return source;
  }

  /** The files the entries come from: this table's, then those it lies over. */
  public List<Path> sources() {
    List<Path> sources = new ArrayList<>(List.of(source));
    if (base != null) {
      sources.addAll(base.sources());
    }
    return sources;
  }

  /** This table's entries, then those of the tables it lies over. */
  public List<RuntimeImage> images() {
    if (base == null) {
      return images;
    }
    List<RuntimeImage> all = new ArrayList<>(images);
    all.addAll(base.images());
    return all;
  }

  /**
   * The entry that serves a container's {@code image}, if any, with its {@code ${pip:…}}
   * placeholders provisioned — the first lookup of such an entry may install packages.
   *
   * @throws ProvisioningException if a package the entry needs cannot be installed
   */
  public Optional<RuntimeImage> lookup(String image) {
    ImageReference reference = ImageReference.parse(image);
    // An entry pinned to the exact tag wins over an any-tag entry for the same repository.
    Optional<RuntimeImage> own =
        images.stream()
            .filter(entry -> entry.matches(reference))
            .min((a, b) -> Boolean.compare(!a.image().contains(":"), !b.image().contains(":")))
            .map(entry -> provisioned.computeIfAbsent(entry, this::provision));
    return own.isPresent() || base == null ? own : base.lookup(image);
  }

  /** Whether an entry serves {@code image}, without provisioning anything. */
  public boolean serves(String image) {
    ImageReference reference = ImageReference.parse(image);
    return images.stream().anyMatch(entry -> entry.matches(reference))
        || (base != null && base.serves(image));
  }

  /**
   * Installs what the entry's provisioning placeholders name (paths relative to the table): {@code
   * ${pip:requirements.txt}} a pip target, {@code ${venv:requirements.txt}} a Python environment,
   * {@code ${npm:project-dir}} an npm project with its node_modules, {@code ${tool:name}} the
   * directory of a tool from {@code tools/tools.yaml} (see {@link Tools}). Each is installed on
   * first use. The entry's declarations keep the placeholders (its {@link RuntimeImage#hostPaths}
   * say where each is); its {@code files}, host paths already, get them resolved.
   */
  private RuntimeImage provision(RuntimeImage entry) {
    Map<String, String> hostPaths = new LinkedHashMap<>(entry.hostPaths());
    List<String> declared = new ArrayList<>(entry.entrypoint());
    declared.addAll(entry.cmd());
    declared.addAll(entry.env().values());
    if (entry.workingDir() != null) {
      declared.add(entry.workingDir());
    }
    for (String value : declared) {
      Matcher placeholder = PROVISIONED.matcher(value);
      while (placeholder.find()) {
        hostPaths.computeIfAbsent(
            placeholder.group(), token -> provisioned(placeholder.group(1), placeholder.group(2)));
      }
    }
    Map<String, String> files = new LinkedHashMap<>();
    entry.files().forEach((path, local) -> files.put(path, provision(local)));
    return new RuntimeImage(
        entry.image(),
        entry.entrypoint(),
        entry.cmd(),
        entry.workingDir(),
        entry.env(),
        files,
        hostPaths);
  }

  private String provision(String value) {
    Matcher placeholder = PROVISIONED.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (placeholder.find()) {
      placeholder.appendReplacement(
          resolved,
          Matcher.quoteReplacement(provisioned(placeholder.group(1), placeholder.group(2))));
    }
    return placeholder.appendTail(resolved).toString();
  }

  private String provisioned(String kind, String relative) {
    Path path = source.getParent().resolve(relative).normalize();
    Path dir =
        switch (kind) {
          case "pip" -> PipTarget.ensure(path, Cache.root());
          case "venv" -> PythonVenv.ensure(path, Cache.root());
          case "tool" -> tools().directory(relative);
          default -> NpmPackages.ensure(path, Cache.root());
        };
    return dir.toString();
  }

  /** The tools catalog beside the table, {@code tools/tools.yaml}. */
  private Tools tools() {
    return Tools.load(source.getParent().resolve("tools").resolve("tools.yaml"));
  }

  /** Reads a table: a YAML document with a {@code runtimes} list. */
  public static RuntimeTable load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    List<YamlDocuments.Document> documents = YamlDocuments.read(absolute);
    if (documents.size() != 1 || !(documents.get(0).value() instanceof Map<?, ?> root)) {
      throw new InvalidInputException(
          absolute, "runtimes", "expected one YAML document with a 'runtimes' list", "");
    }
    if (!(root.get("runtimes") instanceof List<?> entries)) {
      throw new InvalidInputException(
          absolute, "runtimes", "is missing or not a list", "Declare 'runtimes:' as a list");
    }
    Map<String, String> placeholders =
        Map.of(
            "${table.dir}", absolute.getParent().toString(),
            "${java.home}", System.getProperty("java.home"),
            "${java}", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<RuntimeImage> images = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      images.add(readEntry(absolute, "runtimes[" + i + "]", entries.get(i), placeholders));
    }
    return new RuntimeTable(absolute, images, null);
  }

  private static RuntimeImage readEntry(
      Path file, String at, Object value, Map<String, String> placeholders) {
    if (!(value instanceof Map<?, ?> entry)) {
      throw new InvalidInputException(file, at, "is not a mapping", "Give image and entrypoint");
    }
    if (!(entry.get("image") instanceof String image) || image.isBlank()) {
      throw new InvalidInputException(
          file, at + ".image", "is missing", "Name the image, e.g. 'scaleproof/echo-server'");
    }
    List<String> entrypoint = strings(file, at + ".entrypoint", entry.get("entrypoint"));
    List<String> cmd = strings(file, at + ".cmd", entry.get("cmd"));
    Map<String, String> files = new LinkedHashMap<>();
    if (entry.get("files") instanceof Map<?, ?> declared) {
      declared.forEach(
          (k, v) -> files.put(String.valueOf(k), resolve(String.valueOf(v), placeholders)));
    } else if (entry.get("files") != null) {
      throw new InvalidInputException(
          file, at + ".files", "is not a mapping", "Map image paths to local paths: /path: local");
    }
    // An image that only ever runs with an explicit command (an agent's copy step) needs its
    // files, not an entrypoint.
    if (entrypoint.isEmpty() && cmd.isEmpty() && files.isEmpty()) {
      throw new InvalidInputException(
          file, at, "declares neither entrypoint nor cmd", "Say which local command runs " + image);
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (entry.get("env") instanceof Map<?, ?> declared) {
      declared.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
    } else if (entry.get("env") != null) {
      throw new InvalidInputException(file, at + ".env", "is not a mapping", "Use NAME: value");
    }
    String workingDir =
        entry.get("workingDir") == null ? null : String.valueOf(entry.get("workingDir"));
    // The declarations stay in the container's view, placeholders and all: the kubelet maps the
    // container's paths first and puts these host paths in after (RuntimeImage.onHost).
    return new RuntimeImage(image, entrypoint, cmd, workingDir, env, files, placeholders);
  }

  private static List<String> strings(Path file, String at, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidInputException(file, at, "is not a list", "Write it as [word, word, ...]");
    }
    return list.stream().map(String::valueOf).toList();
  }

  private static String resolve(String value, Map<String, String> placeholders) {
    String resolved = value;
    for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
      resolved = resolved.replace(placeholder.getKey(), placeholder.getValue());
    }
    return resolved;
  }
}
