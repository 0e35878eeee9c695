package io.scaleproof.scenarios.spec;

import static io.scaleproof.cluster.PlainValues.at;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The pipeline's ScaledObjects against the workloads it declares. */
final class ScaledObjectTargets {
  private ScaledObjectTargets() {}

  /**
   * Every ScaledObject of the pipeline scales a workload the pipeline declares: one it does not
   * would leave KEDA's HPA without a target, and the run without a subject.
   *
   * @throws InvalidInputException naming the ScaledObject's file and {@code spec.scaleTargetRef}
   */
  static void check(Pipeline pipeline, List<Map<String, Object>> objects) {
    for (Map<String, Object> scaledObject : objects) {
      if (!"ScaledObject".equals(scaledObject.get("kind"))) {
        continue;
      }
      String namespace = ChainReader.namespaceOf(scaledObject);
      String name = String.valueOf(at(scaledObject, "metadata", "name"));
      Object kind = at(scaledObject, "spec", "scaleTargetRef", "kind");
      String targetKind = kind == null ? "Deployment" : String.valueOf(kind);
      Object target = at(scaledObject, "spec", "scaleTargetRef", "name");
      boolean declared =
          objects.stream()
              .anyMatch(
                  o ->
                      targetKind.equals(o.get("kind"))
                          && namespace.equals(ChainReader.namespaceOf(o))
                          && Objects.equals(target, at(o, "metadata", "name")));
      if (!declared) {
        throw new InvalidInputException(
            pipeline.declaringPath("ScaledObject", namespace, name),
            "ScaledObject " + name + " spec.scaleTargetRef.name",
            "scales "
                + targetKind
                + " "
                + namespace
                + "/"
                + target
                + ", which the pipeline does not declare",
            "Name a "
                + targetKind
                + " of the pipeline in "
                + namespace
                + ", or add its manifest to the pipeline");
      }
    }
  }
}
