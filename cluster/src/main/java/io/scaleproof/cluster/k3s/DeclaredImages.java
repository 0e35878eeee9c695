package io.scaleproof.cluster.k3s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The images a declared object makes a cluster run: the containers and init containers of a
 * workload's pod template, an {@code OpenTelemetryCollector}'s {@code spec.image}, and the agent
 * images an {@code Instrumentation} names. Each is checked to be pinned, with the file and the
 * field named when it is not.
 */
final class DeclaredImages {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Where each workload kind keeps its pod spec. */
  private static final Map<String, List<String>> POD_SPECS =
      Map.of(
          "Pod", List.of("spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

  private DeclaredImages() {}

  /**
   * The images of one declared object, in the order it declares them; none for an object that runs
   * nothing.
   *
   * @throws InvalidInputException for an image that is not pinned, or a collector without {@code
   *     spec.image}
   */
  static List<String> of(Manifests.Sourced declared) {
    HasMetadata object = declared.object();
    Map<?, ?> tree = JSON.convertValue(object, Map.class);
    List<String> images = new ArrayList<>();
    String kind = object.getKind();
    if (POD_SPECS.containsKey(kind)) {
      List<String> path = POD_SPECS.get(kind);
      Object podSpec = walk(tree, path);
      for (String list : List.of("initContainers", "containers")) {
        if (podSpec instanceof Map<?, ?> spec && spec.get(list) instanceof List<?> containers) {
          for (int i = 0; i < containers.size(); i++) {
            Object image = walk(containers.get(i), List.of("image"));
            String field = String.join(".", path) + "." + list + "[" + i + "].image";
            images.add(pinned(declared, field, image));
          }
        }
      }
    } else if ("OpenTelemetryCollector".equals(kind)) {
      images.add(pinned(declared, "spec.image", walk(tree, List.of("spec", "image"))));
    } else if ("Instrumentation".equals(kind)) {
      for (String language : K3sComponents.LANGUAGES.stream().sorted().toList()) {
        Object image = walk(tree, List.of("spec", language, "image"));
        if (image != null) {
          images.add(pinned(declared, "spec." + language + ".image", image));
        }
      }
    }
    return images;
  }

  private static String pinned(Manifests.Sourced declared, String field, Object image) {
    String at =
        declared.where()
            + ": "
            + declared.object().getKind()
            + " "
            + declared.object().getMetadata().getName()
            + ": "
            + field;
    if (!(image instanceof String name) || name.isBlank()) {
      throw new InvalidInputException(
          declared.file(),
          at,
          "is missing",
          "Name the image, pinned: the k3s backend preloads every image the pipeline runs");
    }
    return PinnedImage.check(declared.file(), at, name.strip());
  }

  private static Object walk(Object tree, List<String> path) {
    Object node = tree;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }
}
