package io.scaleproof.scenarios.run;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.PipelineChanges;
import io.scaleproof.scenarios.spec.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A scenario's {@link PipelineChanges}, made to the ScaledObjects of its services in the files of
 * the run's Git repository, as a team tunes a threshold: the loaded objects are changed and written
 * back, and the result is one commit that Argo CD syncs.
 */
final class ScaledObjectTuning {
  /** The trigger names the pipeline's ScaledObjects use for latency and errors. */
  static final String P95_TRIGGER = "p95-latency";

  static final String ERROR_TRIGGER = "error-ratio";

  private ScaledObjectTuning() {}

  /**
   * The changed files, by path in the pipeline's directory, with their new content.
   *
   * @param read the current content of a file of the pipeline
   * @throws InvalidInputException naming the scenario's field when a ScaledObject lacks what it
   *     changes
   */
  static Map<String, String> changedFiles(
      Scenario scenario, Pipeline pipeline, Function<String, String> read) {
    PipelineChanges changes = scenario.pipeline();
    Map<String, String> files = new LinkedHashMap<>();
    if (changes.isEmpty()) {
      return files;
    }
    Map<String, List<String>> servicesByFile = new LinkedHashMap<>();
    for (String service : scenario.services()) {
      String file =
          pipeline
              .declaringFile("ScaledObject", service)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          scenario.file(),
                          "services",
                          "'" + service + "' has no ScaledObject in the pipeline",
                          ""));
      servicesByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(service);
    }
    servicesByFile.forEach(
        (file, services) ->
            files.put(
                file,
                ManifestEdit.apply(
                    read.apply(file),
                    "ScaledObject",
                    services,
                    scaledObject -> change(scenario, scaledObject))));
    return files;
  }

  /** One line for the commit message and the console. */
  static String describe(PipelineChanges changes) {
    List<String> parts = new ArrayList<>();
    if (changes.p95ThresholdMs() != null) {
      parts.add(
          P95_TRIGGER + " threshold " + ManifestEdit.number(changes.p95ThresholdMs()) + " ms");
    }
    if (changes.errorRatioThreshold() != null) {
      parts.add(ERROR_TRIGGER + " threshold " + ManifestEdit.number(changes.errorRatioThreshold()));
    }
    if (changes.maxReplicaCount() != null) {
      parts.add("maxReplicaCount " + changes.maxReplicaCount());
    }
    if (changes.scaleDownStabilization() != null) {
      parts.add("scale-down stabilization " + changes.scaleDownStabilization().toSeconds() + " s");
    }
    return String.join(", ", parts);
  }

  private static void change(Scenario scenario, Map<String, Object> scaledObject) {
    PipelineChanges changes = scenario.pipeline();
    Map<String, Object> spec = ManifestEdit.child(scaledObject, "spec");
    if (changes.p95ThresholdMs() != null) {
      trigger(scenario, scaledObject, spec, P95_TRIGGER, "pipeline.p95ThresholdMs")
          .put("threshold", ManifestEdit.number(changes.p95ThresholdMs()));
    }
    if (changes.errorRatioThreshold() != null) {
      trigger(scenario, scaledObject, spec, ERROR_TRIGGER, "pipeline.errorRatioThreshold")
          .put("threshold", ManifestEdit.number(changes.errorRatioThreshold()));
    }
    if (changes.maxReplicaCount() != null) {
      spec.put("maxReplicaCount", changes.maxReplicaCount());
    }
    if (changes.scaleDownStabilization() != null) {
      Map<String, Object> behavior =
          ManifestEdit.child(
              ManifestEdit.child(
                  ManifestEdit.child(spec, "advanced"), "horizontalPodAutoscalerConfig"),
              "behavior");
      ManifestEdit.child(behavior, "scaleDown")
          .put("stabilizationWindowSeconds", (int) changes.scaleDownStabilization().toSeconds());
    }
  }

  /** The metadata of the trigger named {@code name}; KEDA reads thresholds as strings. */
  private static Map<String, Object> trigger(
      Scenario scenario,
      Map<String, Object> scaledObject,
      Map<String, Object> spec,
      String name,
      String field) {
    if (spec.get("triggers") instanceof List<?> triggers) {
      for (Object trigger : triggers) {
        if (trigger instanceof Map<?, ?> map && name.equals(map.get("name"))) {
          return ManifestEdit.child(ManifestEdit.asMap(map), "metadata");
        }
      }
    }
    throw new InvalidInputException(
        scenario.file(),
        field,
        "ScaledObject "
            + ManifestEdit.name(scaledObject)
            + " has no trigger named '"
            + name
            + "' to change",
        "Name the trigger '" + name + "' in the pipeline, or drop " + field);
  }
}
