package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Kustomization;
import io.scaleproof.cluster.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Argo CD's repo server makes of an Application's source at one commit: the manifests under
 * {@code path}, rendered with Kustomize when a kustomization file sits at the path's root, else
 * read as a plain directory ({@code .yaml}, {@code .yml}, {@code .json}; subdirectories only with
 * {@code directory.recurse}; {@code include} and {@code exclude} globs). Failures carry the repo
 * server's wording.
 */
final class ApplicationSource {
  static final List<String> KUSTOMIZATION_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  /** A rendered source: the objects with their files, or the error Argo CD reports. */
  record Rendered(String sourceType, List<Manifests.Sourced> objects, String error) {
    boolean failed() {
      return error != null;
    }
  }

  private ApplicationSource() {}

  /**
   * @param checkout the repository's tree at the commit
   * @param path the source's path in the repository
   * @param directory {@code spec.source.directory}, possibly empty
   */
  static Rendered render(Path checkout, String path, Map<String, Object> directory) {
    String relative = path == null || path.isEmpty() || path.equals(".") ? "" : path;
    Path root = checkout.resolve(relative).normalize();
    if (!root.startsWith(checkout)) {
      return failed(relative + ": app path outside root");
    }
    if (!Files.exists(root)) {
      return failed(relative + ": app path does not exist");
    }
    if (!Files.isDirectory(root)) {
      return failed(relative + ": app path is not a directory");
    }
    boolean kustomize = KUSTOMIZATION_NAMES.stream().anyMatch(n -> Files.exists(root.resolve(n)));
    try {
      if (kustomize && directory.isEmpty()) {
        return new Rendered("Kustomize", Kustomization.load(root), null);
      }
      return new Rendered("Directory", directory(checkout, root, directory), null);
    } catch (InvalidInputException e) {
      return failed(e.getMessage().replace(checkout + "/", ""));
    }
  }

  private static List<Manifests.Sourced> directory(
      Path checkout, Path root, Map<String, Object> options) {
    boolean recurse = Boolean.parseBoolean(String.valueOf(options.get("recurse")));
    PathMatcher include = glob(options.get("include"));
    PathMatcher exclude = glob(options.get("exclude"));
    List<Manifests.Sourced> objects = new ArrayList<>();
    try (Stream<Path> files = recurse ? Files.walk(root) : Files.list(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        Path relative = root.relativize(file);
        if (!name.matches(".*\\.(yaml|yml|json)$")
            || (exclude != null && exclude.matches(relative))
            || (include != null && !include.matches(relative))) {
          continue;
        }
        try {
          objects.addAll(Manifests.loadSourced(file));
        } catch (InvalidInputException e) {
          // The repo server skips a broken file unless it looks like a manifest.
          String text = Files.readString(file);
          if (text.contains("apiVersion:")
              && text.contains("kind:")
              && text.contains("metadata:")) {
            throw new InvalidInputException(
                file,
                "",
                "Failed to unmarshal \"" + checkout.relativize(file) + "\": " + e.getMessage(),
                "");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  private static PathMatcher glob(Object pattern) {
    return pattern == null || String.valueOf(pattern).isEmpty()
        ? null
        : FileSystems.getDefault().getPathMatcher("glob:" + pattern);
  }

  private static Rendered failed(String message) {
    return new Rendered(
        null,
        List.of(),
        "Failed to load target state: failed to generate manifest for source 1 of 1: rpc error:"
            + " code = Unknown desc = "
            + message);
  }

  /** The object's file relative to the checkout, for messages. */
  static String file(Path checkout, Manifests.Sourced sourced) {
    return sourced.file().startsWith(checkout)
        ? checkout.relativize(sourced.file()).toString()
        : sourced.file().toString();
  }

  static List<HasMetadata> objects(Rendered rendered) {
    return rendered.objects().stream().map(Manifests.Sourced::object).toList();
  }
}
