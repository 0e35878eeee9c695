package io.scaleproof.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * Reads Kubernetes manifests and checks each document before anything is applied: valid YAML, a
 * mapping, {@code apiVersion}, {@code kind} and {@code metadata.name} (or {@code generateName}),
 * fields of the right type for known kinds. Kinds the client does not know (custom resources) load
 * as generic objects.
 */
public final class Manifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  /** An object with the file and the place in it it came from, for errors that name them. */
  public record Sourced(HasMetadata object, Path file, String where) {}

  /**
   * Loads a file, or every {@code .yaml}/{@code .yml} file under a directory in path order (a
   * directory with a kustomization in the order it declares).
   */
  public static List<HasMetadata> load(Path fileOrDirectory) {
    return loadSourced(fileOrDirectory).stream().map(Sourced::object).toList();
  }

  /**
   * As {@link #load}, keeping where each object came from. A directory with a {@code
   * kustomization.yaml} is read as that kustomization declares it (see {@link Kustomization}).
   */
  public static List<Sourced> loadSourced(Path fileOrDirectory) {
    if (!Files.exists(fileOrDirectory)) {
      throw new InvalidInputException(
          fileOrDirectory, "path", "does not exist", "Point at a manifest file or directory");
    }
    if (Files.isRegularFile(fileOrDirectory.resolve("kustomization.yaml"))) {
      return Kustomization.load(fileOrDirectory);
    }
    List<Sourced> objects = new ArrayList<>();
    for (Path file : files(fileOrDirectory)) {
      for (YamlDocuments.Document document : YamlDocuments.read(file)) {
        toObjects(file, document)
            .forEach(object -> objects.add(new Sourced(object, file, document.where())));
      }
    }
    return objects;
  }

  private static List<Path> files(Path fileOrDirectory) {
    if (!Files.isDirectory(fileOrDirectory)) {
      return List.of(fileOrDirectory);
    }
    try (Stream<Path> walk = Files.walk(fileOrDirectory)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> toObjects(Path file, YamlDocuments.Document document) {
    String where = document.where();
    if (!(document.value() instanceof Map<?, ?> map)) {
      throw new InvalidInputException(
          file, where, "is not a mapping", "A manifest is an object with apiVersion and kind");
    }
    if ("List".equals(map.get("kind")) && map.get("items") instanceof List<?> items) {
      List<HasMetadata> objects = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        objects.addAll(
            toObjects(
                file, new YamlDocuments.Document(document.index(), document.line(), items.get(i))));
      }
      return objects;
    }
    require(file, where, map, "apiVersion", "e.g. apiVersion: apps/v1");
    require(file, where, map, "kind", "e.g. kind: Deployment");
    if (!(map.get("metadata") instanceof Map<?, ?> metadata)
        || (blank(metadata.get("name")) && blank(metadata.get("generateName")))) {
      throw new InvalidInputException(
          file,
          where + ": " + map.get("kind") + ": metadata.name",
          "is missing",
          "Give the object a name");
    }
    try {
      KubernetesResource resource =
          SERIALIZATION.unmarshal(SERIALIZATION.asJson(map), KubernetesResource.class);
      if (!(resource instanceof HasMetadata object)) {
        throw new InvalidInputException(file, where, "is not a Kubernetes object", "");
      }
      return List.of(object);
    } catch (RuntimeException e) {
      if (e instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException(
          file,
          where
              + ": "
              + map.get("kind")
              + " "
              + ((Map<?, ?>) map.get("metadata")).get("name")
              + fieldPath(e),
          "does not match the " + map.get("kind") + " schema: " + rootMessage(e),
          "Fix the field named above");
    }
  }

  private static void require(Path file, String where, Map<?, ?> map, String field, String hint) {
    if (blank(map.get(field))) {
      throw new InvalidInputException(file, where + ": " + field, "is missing", hint);
    }
  }

  private static boolean blank(Object value) {
    return !(value instanceof String s) || s.isBlank();
  }

  /** The JSON path Jackson reports for a type mismatch, as {@code : spec.replicas}. */
  private static String fieldPath(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : jackson.getPath()) {
          if (ref.getPropertyName() != null) {
            path.append(path.length() == 0 ? "" : ".").append(ref.getPropertyName());
          } else if (ref.getIndex() >= 0) {
            path.append('[').append(ref.getIndex()).append(']');
          }
        }
        return ": " + path;
      }
    }
    return "";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
  }
}
