package io.scaleproof.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioFileTest {
  private static final String VALID =
      """
      name: try
      services: [java-app]
      load:
        profile: constant
        rate: 50
        duration: 30s
      slo:
        p95ThresholdMs: 150
      """;

  @TempDir Path directory;

  @Test
  @DisplayName("every shipped scenario reads, and is valid against the declared pipeline")
  void shippedScenariosAreValid() {
    ProjectPipeline shipped = ProjectPipeline.shipped();
    assertThat(ShippedScenarios.all())
        .extracting(Scenario::name)
        .contains("default", "broken-threshold", "spike", "stairs", "nightly", "closed");
    ShippedScenarios.all().forEach(shipped::check);
  }

  @Test
  @DisplayName("faults during the load read with their targets, timings and expectations")
  void faultsDuringTheLoad() throws IOException {
    Scenario scenario =
        ScenarioFile.read(
            write(
                VALID.replace(
                    "name: try",
                    """
                    name: try
                    pipeline:
                      fallback: {failureThreshold: 3, replicas: 4}
                      ignoreNullValues: false
                    faults:
                      - kind: errorRate
                        rate: 0.1
                      - kind: prometheusDown
                        at: 10s
                        duration: 15s
                        expect:
                          replicas: {reach: 4, within: 20s}
                          fallback: true
                          recoversWithin: 10s
                      - kind: networkLatency
                        service: java-app
                        latency: 200ms
                        duration: 5s
                        expect:
                          replicas: hold
                          neverScalesDownUnderLoad: true
                    """)));

    assertThat(scenario.faults().errorRate()).isEqualTo(0.1);
    assertThat(scenario.pipeline().fallback()).isEqualTo(new PipelineChanges.Fallback(3, 4));
    assertThat(scenario.pipeline().ignoreNullValues()).isFalse();
    assertThat(scenario.faults().during()).hasSize(2);
    Fault down = scenario.faults().during().get(0);
    assertThat(down.kind()).isEqualTo(Fault.Kind.PROMETHEUS_DOWN);
    assertThat(down.until()).isEqualTo(Duration.ofSeconds(25));
    assertThat(down.expect().reach()).isEqualTo(4);
    assertThat(down.expect().reachWithin()).isEqualTo(Duration.ofSeconds(20));
    assertThat(down.expect().fallback()).isTrue();
    assertThat(down.expect().recoversWithin()).isEqualTo(Duration.ofSeconds(10));
    Fault slow = scenario.faults().during().get(1);
    assertThat(slow.label()).isEqualTo("networkLatency java-app");
    assertThat(slow.latency()).isEqualTo(Duration.ofMillis(200));
    assertThat(slow.expect().replicasHold()).isTrue();
    assertThat(slow.expect().neverScalesDownUnderLoad()).isTrue();
  }

  @Test
  @DisplayName("the default scenario: three apps, a ramp past one replica's capacity")
  void defaultScenario() {
    Scenario scenario = ShippedScenarios.find("default");
    assertThat(scenario.services()).containsExactly("java-app", "node-app", "python-app");
    assertThat(scenario.load()).isInstanceOf(LoadProfile.Ramp.class);
    assertThat(scenario.load().peakRate())
        .as("past the threshold on one replica (about 25 req/s), under its capacity (40 req/s)")
        .isBetween(25.0, 40.0);
    assertThat(scenario.timers()).isEqualTo(Timers.PR);
    assertThat(scenario.pipeline().scaleDownStabilization()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("defaults fill the SLO fields a file leaves out; 30s and PT30S read the same")
  void defaults() throws IOException {
    Scenario scenario = ScenarioFile.read(write(VALID));
    assertThat(scenario.slo().decisionWithin()).isEqualTo(Duration.ofSeconds(60));
    assertThat(scenario.slo().maxReplicas()).isEqualTo(6);
    assertThat(scenario.pipeline().isEmpty()).isTrue();
    assertThat(scenario.load().duration())
        .isEqualTo(ScenarioFile.read(write(VALID.replace("30s", "PT30S"))).load().duration());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "negative rate | rate: 50 | rate: -5 | load.rate | must be greater than 0",
        "zero duration | duration: 30s | duration: 0s | load.duration | longer than zero",
        "not a duration | duration: 30s | duration: soon | load.duration | not a duration",
        "unknown profile | profile: constant | profile: wave | load.profile | not a load profile",
        "typo in a field | rate: 50 | rat: 50 | load.rat | not a known field",
        "zero threshold | p95ThresholdMs: 150 | p95ThresholdMs: 0 | slo.p95ThresholdMs | greater"
            + " than 0",
        "no services | services: [java-app] | services: [] | services | non-empty list",
        "unknown timers | name: try | name: try\\ntimers: fast | timers | not a timer set",
        "ready before decision | p95ThresholdMs: 150 | p95ThresholdMs: 150\\n  decisionWithin:"
            + " 60s\\n  readyWithin: 30s | slo.readyWithin | shorter than slo.decisionWithin",
        "error rate above 1 | p95ThresholdMs: 150 | p95ThresholdMs: 150\\n  errorRateBelow: 2 |"
            + " slo.errorRateBelow | fraction",
        "polling in milliseconds | name: try | name: try\\npipeline:\\n  pollingInterval: 500ms |"
            + " pipeline.pollingInterval | whole seconds",
        "unknown fault | name: try | name: try\\nfaults:\\n  - kind: diskFull\\n    duration: 5s |"
            + " faults[0].kind | 'diskFull' is not a fault",
        "fault after the load | name: try | name: try\\nfaults:\\n  - kind: prometheusDown\\n"
            + "    at: 20s\\n    duration: 20s | faults[0].duration | which lasts 30.0 s",
        "crash loop of no service | name: try | name: try\\nfaults:\\n  - kind: podCrashLoop\\n"
            + "    duration: 5s | faults[0].service | is required",
        "pipeline fault on a service | name: try | name: try\\nfaults:\\n  - kind:"
            + " collectorDown\\n    service: java-app\\n    duration: 5s | faults[0].service |"
            + " hits the pipeline every service shares",
        "application error of a network fault | name: try | name: try\\nfaults:\\n  - kind:"
            + " networkLatency\\n    service: java-app\\n    latency: 50ms\\n    duration: 5s\\n"
            + "    expect:\\n      applicationError: true | faults[0].expect.applicationError |"
            + " only a broken commit",
        "replicas neither hold nor reach | name: try | name: try\\nfaults:\\n  - kind:"
            + " prometheusDown\\n    duration: 5s\\n    expect:\\n      replicas: steady |"
            + " faults[0].expect.replicas | 'steady' is not an expectation",
        "reset share above 1 | name: try | name: try\\nfaults:\\n  - kind: networkResets\\n"
            + "    service: java-app\\n    share: 2\\n    duration: 5s | faults[0].share | fraction",
        "ignoreNullValues not a boolean | name: try | name: try\\npipeline:\\n  ignoreNullValues:"
            + " maybe | pipeline.ignoreNullValues | must be true or false"
      })
  @DisplayName("bad input names the file and the field")
  void badInputNamesFileAndField(
      String what, String original, String replacement, String field, String problem)
      throws IOException {
    Path file = write(VALID.replace(original, replacement.replace("\\n", "\n")));
    assertThatThrownBy(() -> ScenarioFile.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": " + field + ": ")
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
  }

  @Test
  @DisplayName("a service the project does not declare is refused, naming services[i]")
  void unknownService() throws IOException {
    Scenario scenario = ScenarioFile.read(write(VALID.replace("[java-app]", "[java-app, go-app]")));
    assertThatThrownBy(() -> ProjectPipeline.shipped().check(scenario))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("services[1]: 'go-app' is not a service of the project")
        .hasMessageContaining("java-app, node-app, python-app");
  }

  @Test
  @DisplayName("an SLO window shorter than the autoscaler's polling interval is refused")
  void windowShorterThanPollingInterval() throws IOException {
    Scenario scenario =
        ScenarioFile.read(
            write(
                VALID
                    .replace("p95ThresholdMs: 150", "p95ThresholdMs: 150\n  decisionWithin: 3s")
                    .replace("readyWithin", "x")));
    assertThatThrownBy(() -> ProjectPipeline.shipped().check(scenario))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("slo.decisionWithin: (3 s) is shorter than")
        .hasMessageContaining("(5 s)");
  }

  @Test
  @DisplayName("an unknown scenario name is refused with the shipped names")
  void unknownScenario() {
    assertThatThrownBy(() -> ShippedScenarios.find("nope"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("SCENARIO: is neither a scenario file nor a scenario of ")
        .hasMessageContaining("default");
  }

  private Path write(String content) throws IOException {
    Path file = Files.createTempFile(directory, "scenario", ".yaml");
    Files.writeString(file, content);
    return file;
  }
}
