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
 * and directories that hold a kustomization of their own, in the order listed; then its {@code
 * patches} that delete an object ({@code $patch: delete}), as an overlay removes what it replaces
 * from its base. That is the subset of kustomize the pipelines use; a field or a patch that would
 * transform the objects (name prefixes, common labels, generators, patches that change fields) is
 * refused by name rather than silently ignored.
 */
public final class Kustomization {
  private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources", "patches");

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
    int start = into.size();
    for (int i = 0; i < resources.size(); i++) {
      Path resource = directory.resolve(String.valueOf(resources.get(i))).normalize();
      if (Files.isDirectory(resource)) {
        load(resource, visiting, into);
      } else if (Files.isRegularFile(resource)) {
        requireInside(file, "resources[" + i + "]", directory, resource);
        into.addAll(Manifests.loadSourced(resource));
      } else {
        throw new InvalidInputException(
            file,
            "resources[" + i + "]",
            "names " + resource + ", which does not exist",
            "Fix the path (relative to " + directory + ")");
      }
    }
    if (root.containsKey("patches")) {
      // A kustomization's patches apply to what its own resources load.
      deletions(file, directory, root.get("patches"), into.subList(start, into.size()));
    }
    visiting.remove(directory);
  }

  /**
   * Refuses a file outside the kustomization's directory, as kustomize does by default (its load
   * restrictor, which Argo CD keeps): a directory with a kustomization of its own may be elsewhere,
   * a file may not.
   */
  private static void requireInside(Path file, String field, Path directory, Path resource) {
    if (!resource.startsWith(directory)) {
      throw new InvalidInputException(
          file,
          field,
          "names the file "
              + resource
              + ", outside "
              + directory
              + ": kustomize refuses it (\"security; file is not in or below\")",
          "List its directory, with a kustomization.yaml of its own, or move the file under "
              + directory);
    }
  }

  /**
   * Applies the {@code patches} that delete an object: each names one object of the resources (its
   * kind and name, and its namespace when it gives one), which kustomize then leaves out. As in
   * kustomize, a patch that matches no object is an error.
   */
  private static void deletions(
      Path file, Path directory, Object patches, List<Manifests.Sourced> into) {
    if (!(patches instanceof List<?> entries)) {
      throw new InvalidInputException(
          file, "patches", "is not a list", "List patches as '- path: FILE'");
    }
    for (int i = 0; i < entries.size(); i++) {
      String field = "patches[" + i + "]";
      if (!(entries.get(i) instanceof Map<?, ?> entry)
          || entry.size() != 1
          || !(entry.get("path") instanceof String path)) {
        throw new InvalidInputException(
            file,
            field,
            "is not supported by scaleproof's kustomization reader: it reads '- path: FILE'"
                + " entries only",
            "Give the patch as a file, or render with kustomize into plain manifests first");
      }
      Path patch = directory.resolve(path).normalize();
      if (!Files.isRegularFile(patch)) {
        throw new InvalidInputException(
            file,
            field + ".path",
            "names " + patch + ", which does not exist",
            "Fix the path (relative to " + directory + ")");
      }
      requireInside(file, field + ".path", directory, patch);
      for (YamlDocuments.Document document : YamlDocuments.read(patch)) {
        delete(patch, document, into);
      }
    }
  }

  private static void delete(
      Path patch, YamlDocuments.Document document, List<Manifests.Sourced> into) {
    if (!(document.value() instanceof Map<?, ?> object)
        || !"delete".equals(object.get("$patch"))
        || !(object.get("kind") instanceof String kind)
        || !(object.get("metadata") instanceof Map<?, ?> metadata)
        || !(metadata.get("name") instanceof String name)) {
      throw new InvalidInputException(
          patch,
          document.where(),
          "is not a patch scaleproof's kustomization reader applies: it applies patches that"
              + " delete an object (kind, metadata.name and $patch: delete)",
          "Render with kustomize into plain manifests first for patches that change fields");
    }
    Object namespace = metadata.get("namespace");
    List<Manifests.Sourced> matched =
        into.stream()
            .filter(s -> kind.equals(s.object().getKind()))
            .filter(s -> name.equals(s.object().getMetadata().getName()))
            .filter(
                s -> namespace == null || namespace.equals(s.object().getMetadata().getNamespace()))
            .toList();
    if (matched.size() != 1) {
      throw new InvalidInputException(
          patch,
          document.where(),
          (matched.isEmpty() ? "deletes " : "matches " + matched.size() + " objects for ")
              + kind
              + " "
              + (namespace == null ? "" : namespace + "/")
              + name
              + (matched.isEmpty() ? ", which the resources do not declare" : ""),
          matched.isEmpty()
              ? "Name an object of the resources: kustomize fails on a patch without a target"
              : "Give metadata.namespace to say which");
    }
    into.remove(matched.get(0));
  }
}
