package io.scaleproof.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects a {@code kustomization.yaml} declares through its {@code resources}: manifest files,
 * and directories that hold a kustomization of their own, in the order listed. That is the subset
 * of kustomize the declared pipeline uses; a field that would transform the objects (patches, name
 * prefixes, common labels, generators) is refused by name rather than silently ignored.
 */
public final class Kustomization {
  private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources");

  private Kustomization() {}

  /** Loads the objects of the kustomization in {@code directory}. */
  public static List<Manifests.Sourced> load(Path directory) {
    List<Manifests.Sourced> objects = new ArrayList<>();
    load(directory.toAbsolutePath().normalize(), new LinkedHashSet<>(), objects);
    return objects;
  }

  private static void load(Path directory, Set<Path> visiting, List<Manifests.Sourced> into) {
    Path file = directory.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          directory,
          "kustomization.yaml",
          "is missing",
          "A directory listed under resources needs its own kustomization.yaml");
    }
    if (!visiting.add(directory)) {
      throw new InvalidInputException(
          file, "resources", "includes itself through " + visiting, "Remove the cycle");
    }
    List<YamlDocuments.Document> documents = YamlDocuments.read(file);
    if (documents.size() != 1 || !(documents.get(0).value() instanceof Map<?, ?> root)) {
      throw new InvalidInputException(
          file, "kustomization", "expected one YAML document", "Write one Kustomization");
    }
    for (Object key : root.keySet()) {
      if (!KNOWN.contains(String.valueOf(key))) {
        throw new InvalidInputException(
            file,
            String.valueOf(key),
            "is not supported by scaleproof's kustomization reader",
            "Use 'resources' only, or render with kustomize into plain manifests first");
      }
    }
    if (!(root.get("resources") instanceof List<?> resources)) {
      throw new InvalidInputException(
          file, "resources", "is missing or not a list", "List manifest files and directories");
    }
    for (int i = 0; i < resources.size(); i++) {
      Path resource = directory.resolve(String.valueOf(resources.get(i))).normalize();
      if (Files.isDirectory(resource)) {
        load(resource, visiting, into);
      } else if (Files.isRegularFile(resource)) {
        into.addAll(Manifests.loadSourced(resource));
      } else {
        throw new InvalidInputException(
            file,
            "resources[" + i + "]",
            "names " + resource + ", which does not exist",
            "Fix the path (relative to " + directory + ")");
      }
    }
    visiting.remove(directory);
  }
}
