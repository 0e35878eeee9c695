package io.scaleproof.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.gitops.SyncOrder;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.PipelineChanges;
import io.scaleproof.scenarios.spec.Project;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ServiceUnderTest;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class ScaledObjectTuningTest {
  private final ProjectPipeline project = ProjectPipeline.shipped();
  private final Pipeline pipeline = project.pipeline();

  @Test
  @DisplayName(
      "a fault scenario's fallback, ignoreNullValues and query land on the latency trigger")
  void faultSettings() {
    Scenario scenario = ShippedScenarios.find("collector-down-strict");
    Scenario withFallback =
        scenario.withPipeline(
            new PipelineChanges(
                null,
                null,
                null,
                null,
                null,
                new PipelineChanges.Fallback(3, 2, "currentReplicasIfHigher"),
                false,
                scenario.pipeline().latencyQuery()));

    Map<String, Object> javaApp =
        scaledObjects(
                ScaledObjectTuning.changedFiles(withFallback, project, this::read)
                    .get("apps/scaledobjects.yaml"))
            .get("java-app");

    assertThat(trigger(javaApp, "p95-latency"))
        .containsEntry("ignoreNullValues", "false")
        .containsEntry("query", scenario.pipeline().latencyQuery());
    assertThat(scenario.pipeline().latencyQuery())
        .contains("or on() (up{job=\"span-metrics\"} == 1) * 0");
    assertThat(trigger(javaApp, "error-ratio"))
        .as("the error trigger keeps KEDA's default: an idle app has no error ratio either")
        .containsEntry("ignoreNullValues", "true");
    assertThat(path(javaApp, "spec", "fallback"))
        .isEqualTo(
            Map.of("failureThreshold", 3, "replicas", 2, "behavior", "currentReplicasIfHigher"));
  }

  @Test
  @DisplayName("the changes land on the scenario's ScaledObjects only, as strings KEDA reads")
  void changesTheScenariosScaledObjects() {
    Scenario scenario =
        ShippedScenarios.find("default")
            .withServices(List.of("java-app"))
            .withPipeline(new PipelineChanges(5000.0, 0.5, Duration.ofSeconds(20), 3));

    Map<String, String> files = ScaledObjectTuning.changedFiles(scenario, project, this::read);

    assertThat(files).containsOnlyKeys("apps/scaledobjects.yaml");
    Map<String, Map<String, Object>> byName = scaledObjects(files.get("apps/scaledobjects.yaml"));
    assertThat(byName).containsOnlyKeys("java-app", "node-app", "python-app");
    Map<String, Object> javaApp = byName.get("java-app");
    assertThat(trigger(javaApp, "p95-latency")).containsEntry("threshold", "5000");
    assertThat(trigger(javaApp, "error-ratio")).containsEntry("threshold", "0.5");
    assertThat(path(javaApp, "spec")).containsEntry("maxReplicaCount", 3);
    assertThat(path(javaApp, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior"))
        .extracting(
            behavior -> ((Map<?, ?>) behavior.get("scaleDown")).get("stabilizationWindowSeconds"))
        .isEqualTo(20);
    assertThat(trigger(byName.get("node-app"), "p95-latency")).containsEntry("threshold", "150");
    assertThat(
            ((Map<?, ?>) ((Map<?, ?>) javaApp.get("metadata")).get("annotations"))
                .get(SyncOrder.SYNC_WAVE))
        .as("the sync wave survives the rewrite")
        .isEqualTo("1");
  }

  @Test
  @DisplayName("no changes, no commit")
  void noChangesNoFiles() {
    Scenario scenario = ShippedScenarios.find("default").withPipeline(PipelineChanges.NONE);
    assertThat(ScaledObjectTuning.changedFiles(scenario, project, this::read)).isEmpty();
  }

  @Test
  @DisplayName("an error-ratio threshold for a service with no error trigger is refused")
  void noErrorTrigger() {
    Project shipped = project.project();
    Project latencyOnly =
        new Project(
            shipped.file(),
            shipped.pipeline(),
            shipped.runtimes(),
            shipped.scenarios(),
            shipped.services().stream()
                .map(
                    service ->
                        new ServiceUnderTest(
                            service.name(),
                            service.namespace(),
                            service.deployment(),
                            service.service(),
                            service.port(),
                            service.request(),
                            new ServiceUnderTest.Signals(
                                service.signals().latency(), Optional.empty(), Optional.empty()),
                            service.errorRateVariable()))
                .toList(),
            Optional.empty());
    Scenario scenario =
        ShippedScenarios.find("default")
            .withPipeline(PipelineChanges.NONE.withErrorRatioThreshold(0.1));
    assertThatThrownBy(
            () ->
                ScaledObjectTuning.changedFiles(
                    scenario, ProjectPipeline.load(latencyOnly), this::read))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pipeline.errorRatioThreshold")
        .hasMessageContaining("the project names no error trigger for java-app");
  }

  private String read(String file) {
    try {
      return Files.readString(pipeline.source().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Map<String, Object>> scaledObjects(String yaml) {
    Map<String, Map<String, Object>> byName = new java.util.LinkedHashMap<>();
    for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      Map<String, Object> object = cast(document);
      byName.put((String) cast(object.get("metadata")).get("name"), object);
    }
    return byName;
  }

  private static Map<String, Object> trigger(Map<String, Object> scaledObject, String name) {
    for (Object trigger : (List<?>) cast(scaledObject.get("spec")).get("triggers")) {
      if (name.equals(cast(trigger).get("name"))) {
        return cast(cast(trigger).get("metadata"));
      }
    }
    throw new AssertionError("no trigger " + name);
  }

  private static Map<String, Object> path(Map<String, Object> object, String... keys) {
    Map<String, Object> at = object;
    for (String key : keys) {
      at = cast(at.get(key));
    }
    return at;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }
}
