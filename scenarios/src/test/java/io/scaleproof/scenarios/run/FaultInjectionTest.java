package io.scaleproof.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import io.scaleproof.scenarios.spec.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class FaultInjectionTest {
  private final ProjectPipeline project = ProjectPipeline.shipped();
  private final Pipeline pipeline = project.pipeline();

  @Test
  @DisplayName(
      "the errors scenario sets APP_ERROR_RATE on python-app's Deployment, where Git has it")
  void setsTheErrorRateOnTheDeployment() {
    Scenario scenario = ShippedScenarios.find("errors");
    assertThat(scenario.trigger()).isEqualTo(Trigger.ERRORS);

    Map<String, String> files = FaultInjection.changedFiles(scenario, project, this::read);

    assertThat(files).containsOnlyKeys("../../sample-apps/python/k8s/deployment.yaml");
    Map<String, Object> deployment =
        ManifestEdit.asMap(
            new Load(LoadSettings.builder().build())
                .loadFromString(files.values().iterator().next()));
    Map<String, Object> container =
        ManifestEdit.asMap(
            ((List<?>)
                    ManifestEdit.asMap(
                            ManifestEdit.asMap(
                                    ManifestEdit.asMap(deployment.get("spec")).get("template"))
                                .get("spec"))
                        .get("containers"))
                .get(0));
    List<Object> env = List.copyOf((List<?>) container.get("env"));
    assertThat(env).contains(Map.of("name", "APP_ERROR_RATE", "value", "0.2"));
  }

  @Test
  @DisplayName("a Deployment without the variable is refused, naming faults.errorRate")
  void refusesADeploymentWithoutTheVariable() {
    Scenario scenario = ShippedScenarios.find("errors");
    assertThatThrownBy(
            () ->
                FaultInjection.changedFiles(
                    scenario, project, file -> read(file).replace("APP_ERROR_RATE", "APP_X")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("faults.errorRate: cannot inject errors into python-app");
  }

  @Test
  @DisplayName("no faults, no change")
  void noFaults() {
    assertThat(FaultInjection.changedFiles(ShippedScenarios.find("default"), project, this::read))
        .isEmpty();
  }

  private String read(String file) {
    try {
      return Files.readString(pipeline.source().resolve(file).normalize());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
