package io.scaleproof.scenarios.tune;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A recommended setting as files a team commits: kustomize patches for the services' ScaledObjects
 * (JSON 6902, each trigger by its place in the list, as the chain names it), and a scenario that
 * runs the base scenario with the setting, to confirm it live.
 */
final class Recommendation {
  private Recommendation() {}

  /** The kustomize {@code patches:} entries that make the setting, one per ScaledObject. */
  static String patch(ProjectPipeline subject, Scenario scenario, Sweep.Setting setting) {
    StringBuilder text = new StringBuilder();
    text.append("# scaleproof tune: the recommended setting for scenario ")
        .append(scenario.name())
        .append(": ")
        .append(setting.label())
        .append("\n# Add these entries under `patches:` of the kustomization that renders the")
        .append(" ScaledObjects,\n# or make the same changes in their files.\n");
    for (String service : scenario.services()) {
      ScalingChain chain = subject.chain(service);
      text.append("- target:\n")
          .append("    group: keda.sh\n    version: v1alpha1\n    kind: ScaledObject\n")
          .append("    name: ")
          .append(chain.scaledObject())
          .append("\n    namespace: ")
          .append(chain.service().namespace())
          .append("\n  patch: |-\n");
      for (Map.Entry<Knob, Double> entry : setting.values().entrySet()) {
        Knob knob = entry.getKey();
        double value = entry.getValue();
        String path;
        String written;
        switch (knob) {
          case P95_THRESHOLD_MS -> {
            path = "/spec/triggers/" + chain.latency().trigger().orElseThrow().index();
            path += "/metadata/threshold";
            written = "\"" + knob.format(value) + "\"";
          }
          case ERROR_RATIO_THRESHOLD -> {
            path =
                "/spec/triggers/"
                    + chain.errors().orElseThrow().trigger().orElseThrow().index()
                    + "/metadata/threshold";
            written = "\"" + knob.format(value) + "\"";
          }
          case MAX_REPLICA_COUNT -> {
            path = "/spec/maxReplicaCount";
            written = knob.format(value);
          }
          case POLLING_INTERVAL -> {
            path = "/spec/pollingInterval";
            written = String.valueOf((long) value);
          }
          case SCALE_DOWN_STABILIZATION -> {
            path =
                "/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown"
                    + "/stabilizationWindowSeconds";
            written = String.valueOf((long) value);
          }
          default -> throw new IllegalStateException("unknown knob " + knob);
        }
        text.append("    - op: add\n      path: ")
            .append(path)
            .append("\n      value: ")
            .append(written)
            .append('\n');
      }
    }
    return text.toString();
  }

  /**
   * The base scenario's file with the setting in its {@code pipeline:} and its SLO's p95 threshold
   * pinned (a trigger's new threshold must not move the SLO it is judged by), named {@code
   * <name>-tuned}.
   */
  @SuppressWarnings("unchecked")
  static String scenario(Scenario scenario, Sweep.Setting setting, Double sloP95) {
    Path source = scenario.source();
    String yaml;
    try {
      yaml = Files.readString(source);
    } catch (IOException e) {
      throw new InvalidInputException(
          source, "(file)", "cannot be read: " + e.getMessage(), "Give a readable scenario");
    }
    Map<String, Object> root =
        new LinkedHashMap<>(
            (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml));
    root.put("name", scenario.name() + "-tuned");
    root.put(
        "description",
        scenario.name() + " with the setting scaleproof tune recommended: " + setting.label());
    Map<String, Object> pipeline =
        root.get("pipeline") instanceof Map<?, ?> declared
            ? new LinkedHashMap<>((Map<String, Object>) declared)
            : new LinkedHashMap<>();
    setting.values().forEach((knob, value) -> pipeline.put(knob.key(), knob.yamlValue(value)));
    root.put("pipeline", pipeline);
    Map<String, Object> slo =
        root.get("slo") instanceof Map<?, ?> declared
            ? new LinkedHashMap<>((Map<String, Object>) declared)
            : new LinkedHashMap<>();
    if (sloP95 != null && !slo.containsKey("p95ThresholdMs")) {
      slo.put("p95ThresholdMs", sloP95 == Math.rint(sloP95) ? (Object) sloP95.longValue() : sloP95);
    }
    root.put("slo", slo);
    String dumped =
        new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
            .dumpToString(root);
    return "# Written by scaleproof tune from "
        + source.getFileName()
        + ": "
        + setting.label()
        + ".\n# Run it to confirm the setting live: ./scaleproof run <this file>\n"
        + dumped;
  }
}
