package io.scaleproof.scenarios.run;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.scenarios.spec.PipelineChanges;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A scenario's {@link PipelineChanges}, made to the ScaledObjects of its services in the files of
 * the run's Git repository, as a team tunes a threshold: the loaded objects are changed and written
 * back, and the result is one commit that Argo CD syncs. Which trigger holds which threshold is the
 * service's {@link ScalingChain}.
 */
public final class ScaledObjectTuning {
  private ScaledObjectTuning() {}

  /**
   * The changed files, by path in the pipeline's directory, with their new content.
   *
   * @param read the current content of a file of the pipeline
   * @throws InvalidInputException naming the scenario's field when a service has no trigger for the
   *     threshold it changes
   */
  static Map<String, String> changedFiles(
      Scenario scenario, ProjectPipeline subject, Function<String, String> read) {
    PipelineChanges changes = scenario.pipeline();
    Map<String, String> files = new LinkedHashMap<>();
    if (changes.isEmpty()) {
      return files;
    }
    Map<String, Map<String, ScalingChain>> byFile = new LinkedHashMap<>();
    for (String service : scenario.services()) {
      ScalingChain chain = subject.chain(service);
      if (changes.errorRatioThreshold() != null && chain.errors().isEmpty()) {
        throw new InvalidInputException(
            scenario.file(),
            "pipeline.errorRatioThreshold",
            "the project names no error trigger for " + service,
            "Name it (signals.errors of "
                + service
                + " in "
                + subject.project().file()
                + "), or drop pipeline.errorRatioThreshold");
      }
      byFile
          .computeIfAbsent(chain.autoscaler().file(), f -> new LinkedHashMap<>())
          .put(chain.scaledObject(), chain);
    }
    byFile.forEach(
        (file, chains) ->
            files.put(
                file,
                ManifestEdit.apply(
                    read.apply(file),
                    "ScaledObject",
                    List.copyOf(chains.keySet()),
                    scaledObject ->
                        change(
                            changes, chains.get(ManifestEdit.name(scaledObject)), scaledObject))));
    return files;
  }

  /**
   * The ScaledObject of {@code service} as the project declares it, with {@code changes} made: what
   * the run's Argo CD syncs.
   *
   * @throws InvalidInputException naming the ScaledObject's file when it cannot be read
   */
  public static Map<String, Object> tuned(
      ProjectPipeline subject, PipelineChanges changes, String service) {
    ScalingChain chain = subject.chain(service);
    Path file = subject.pipeline().source().resolve(chain.autoscaler().file()).normalize();
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidInputException(
          file, "(file)", "cannot be read: " + e.getMessage(), "Check the project's pipeline");
    }
    Map<String, Object> found = null;
    for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (document instanceof Map<?, ?> object
          && "ScaledObject".equals(object.get("kind"))
          && chain.scaledObject().equals(ManifestEdit.name(object))) {
        found = ManifestEdit.asMap(object);
      }
    }
    if (found == null) {
      throw new InvalidInputException(
          file,
          "ScaledObject " + chain.scaledObject(),
          "is not in the file the pipeline declares it in",
          "Check the project's pipeline");
    }
    change(changes, chain, found);
    return found;
  }

  /** One line for the commit message and the console. */
  static String describe(PipelineChanges changes) {
    List<String> parts = new ArrayList<>();
    if (changes.p95ThresholdMs() != null) {
      parts.add("latency threshold " + ManifestEdit.number(changes.p95ThresholdMs()) + " ms");
    }
    if (changes.errorRatioThreshold() != null) {
      parts.add("error threshold " + ManifestEdit.number(changes.errorRatioThreshold()));
    }
    if (changes.maxReplicaCount() != null) {
      parts.add("maxReplicaCount " + changes.maxReplicaCount());
    }
    if (changes.scaleDownStabilization() != null) {
      parts.add("scale-down stabilization " + changes.scaleDownStabilization().toSeconds() + " s");
    }
    if (changes.pollingInterval() != null) {
      parts.add("polling interval " + changes.pollingInterval().toSeconds() + " s");
    }
    if (changes.fallback() != null) {
      parts.add(
          "fallback to "
              + changes.fallback().replicas()
              + " after "
              + changes.fallback().failureThreshold()
              + " failures"
              + (changes.fallback().behavior() == null
                  ? ""
                  : " (" + changes.fallback().behavior() + ")"));
    }
    if (changes.ignoreNullValues() != null) {
      parts.add("ignoreNullValues " + changes.ignoreNullValues());
    }
    if (changes.latencyQuery() != null) {
      parts.add("latency query " + changes.latencyQuery());
    }
    return String.join(", ", parts);
  }

  private static void change(
      PipelineChanges changes, ScalingChain chain, Map<String, Object> scaledObject) {
    Map<String, Object> spec = ManifestEdit.child(scaledObject, "spec");
    if (changes.p95ThresholdMs() != null) {
      triggerMetadata(spec, chain.latency())
          .put("threshold", ManifestEdit.number(changes.p95ThresholdMs()));
    }
    if (changes.errorRatioThreshold() != null) {
      triggerMetadata(spec, chain.errors().orElseThrow())
          .put("threshold", ManifestEdit.number(changes.errorRatioThreshold()));
    }
    if (changes.maxReplicaCount() != null) {
      spec.put("maxReplicaCount", changes.maxReplicaCount());
    }
    if (changes.pollingInterval() != null) {
      spec.put("pollingInterval", (int) changes.pollingInterval().toSeconds());
    }
    if (changes.fallback() != null) {
      Map<String, Object> fallback = ManifestEdit.child(spec, "fallback");
      fallback.put("failureThreshold", changes.fallback().failureThreshold());
      fallback.put("replicas", changes.fallback().replicas());
      if (changes.fallback().behavior() != null) {
        fallback.put("behavior", changes.fallback().behavior());
      }
    }
    if (changes.ignoreNullValues() != null) {
      triggerMetadata(spec, chain.latency())
          .put("ignoreNullValues", String.valueOf(changes.ignoreNullValues()));
    }
    if (changes.latencyQuery() != null) {
      triggerMetadata(spec, chain.latency()).put("query", changes.latencyQuery());
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

  /**
   * The metadata of the signal's trigger, by its place in the list; KEDA reads thresholds as
   * strings.
   */
  private static Map<String, Object> triggerMetadata(
      Map<String, Object> spec, ScalingChain.Signal signal) {
    int index = signal.trigger().orElseThrow().index();
    List<?> triggers = (List<?>) spec.get("triggers");
    return ManifestEdit.child(ManifestEdit.asMap(triggers.get(index)), "metadata");
  }
}
