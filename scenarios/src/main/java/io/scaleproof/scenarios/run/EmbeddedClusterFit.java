package io.scaleproof.scenarios.run;

import static io.scaleproof.cluster.PlainValues.at;
import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a project's pipeline asks of the embedded cluster that it cannot give, found before anything
 * starts: a trigger of a scaler other than KEDA's prometheus scaler (the one the emulation runs),
 * and an image no runtime table maps to a local command (its pod would wait in ImagePullBackOff).
 */
final class EmbeddedClusterFit {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The kinds whose pod template names images, and where the template is. */
  private static final Map<String, List<String>> POD_SPECS =
      Map.of(
          "Deployment", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "Pod", List.of("spec"));

  private EmbeddedClusterFit() {}

  /**
   * @throws InvalidInputException naming the pipeline's file, the object and the field
   */
  static void check(ProjectPipeline subject, RuntimeTable runtimes) {
    Pipeline pipeline = subject.pipeline();
    for (HasMetadata object : pipeline.objects()) {
      Map<String, Object> plain = SERIALIZATION.convertValue(object, Map.class);
      if ("ScaledObject".equals(object.getKind())) {
        checkTriggers(pipeline, object, plain);
      }
      List<String> podSpec = POD_SPECS.get(object.getKind());
      if (podSpec != null) {
        Object spec = at(plain, podSpec.toArray());
        for (String containers : List.of("initContainers", "containers")) {
          List<Object> declared = list(map(spec).get(containers));
          for (int i = 0; i < declared.size(); i++) {
            String field = String.join(".", podSpec) + "." + containers + "[" + i + "].image";
            checkImage(pipeline, object, field, map(declared.get(i)).get("image"), runtimes);
          }
        }
      }
      if ("OpenTelemetryCollector".equals(object.getKind()) && at(plain, "spec", "image") != null) {
        checkImage(pipeline, object, "spec.image", at(plain, "spec", "image"), runtimes);
      }
    }
  }

  private static void checkTriggers(
      Pipeline pipeline, HasMetadata scaledObject, Map<String, Object> plain) {
    List<Object> triggers = list(at(plain, "spec", "triggers"));
    for (int i = 0; i < triggers.size(); i++) {
      Object type = map(triggers.get(i)).get("type");
      if (!"prometheus".equals(type)) {
        throw new InvalidInputException(
            file(pipeline, scaledObject),
            describe(scaledObject) + " spec.triggers[" + i + "].type",
            "is " + type + "; the embedded cluster runs KEDA's prometheus scaler only",
            "Run this pipeline on a cluster with KEDA (--backend kubeconfig or k3s), or scale on a"
                + " Prometheus query");
      }
    }
  }

  private static void checkImage(
      Pipeline pipeline, HasMetadata object, String field, Object image, RuntimeTable runtimes) {
    if (image instanceof String name && !runtimes.serves(name)) {
      throw new InvalidInputException(
          file(pipeline, object),
          describe(object) + " " + field,
          "'"
              + name
              + "' has no runtime on the embedded cluster: no entry of "
              + runtimes.sources()
              + " maps it to a local command",
          "Map it in the project's runtimes file (image, entrypoint: the jar, script or binary"
              + " the image runs); the project file's 'runtimes' names that file");
    }
  }

  private static Path file(Pipeline pipeline, HasMetadata object) {
    return pipeline.declaringPath(
        object.getKind(), Pipeline.namespaceOf(object), object.getMetadata().getName());
  }

  private static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getName();
  }
}
