package io.scaleproof.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ScenarioFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scaleproof tune} on runs recorded on the embedded cluster (the spike and stairs scenarios,
 * kept as they were written): the fidelity check, the sweep and its files, and every refusal.
 */
class TuneCommandTest {
  @TempDir Path directory;

  @RegisterExtension final Console console = new Console();

  private static Path recorded(String name) {
    try {
      return Path.of(TuneCommandTest.class.getResource("/runs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The recorded spike run's summary and timeline, copied without its scenario.yaml. */
  private Path spikeWithoutItsScenario(String name) throws IOException {
    Path run = directory.resolve(name);
    Files.createDirectories(run);
    for (String file : List.of("summary.json", "timeline.json")) {
      Files.copy(recorded("spike").resolve(file), run.resolve(file));
    }
    return run;
  }

  @Test
  @DisplayName("spike: faithful replay, 8 settings × 3 seeds, the chart, a patch and a scenario")
  void recommends() throws IOException {
    Path out = directory.resolve("tune");

    int exit =
        ScaleproofCommand.execute(
            "tune",
            "spike",
            "--from",
            recorded("spike").toString(),
            "--vary",
            "p95ThresholdMs=100..250/50",
            "--vary",
            "maxReplicaCount=2,3",
            "--seeds",
            "3",
            "--out",
            out.toString());

    assertThat(exit).as(console.err()).isZero();
    assertThat(console.out())
        .contains("Every KPI is within its bound: the twin is faithful to this run.")
        .contains("Swept 8 settings × 3 seeds")
        .contains("Recommended: ");
    assertThat(out.resolve("tune.md")).content().contains("## Fidelity").contains("## The sweep");
    assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(9);
    assertThat(out.resolve("pareto.svg")).content().contains("<svg").contains("recommended");
    assertThat(out.resolve("pareto.png")).isNotEmptyFile();
    assertThat(out.resolve("recommended-patch.yaml"))
        .content()
        .contains("kind: ScaledObject")
        .contains("name: java-app")
        .contains("path: /spec/maxReplicaCount");
    Scenario tuned = ScenarioFile.read(out.resolve("recommended-scenario.yaml"));
    assertThat(tuned.name()).isEqualTo("spike-tuned");
    assertThat(tuned.slo().p95ThresholdMs())
        .as("the SLO stays the scenario's while the trigger moves")
        .isEqualTo(150.0);
    String recommendation =
        console.out().lines().filter(l -> l.startsWith("Recommended: ")).findFirst().orElseThrow();
    assertThat(recommendation)
        .contains("p95ThresholdMs=" + (long) (double) tuned.pipeline().p95ThresholdMs())
        .contains("maxReplicaCount=" + tuned.pipeline().maxReplicaCount());
  }

  @Test
  @DisplayName(
      "a run its files no longer describe (capped at 1 replica, it reached 3): not faithful, exit 1")
  void refusesAnUnfaithfulTwin() throws IOException {
    // As when the pipeline was changed after the run: the twin replays what the files say.
    Path run = spikeWithoutItsScenario("changed-run");
    Files.writeString(
        run.resolve("scenario.yaml"),
        Files.readString(recorded("spike").resolve("scenario.yaml"))
            .replace("maxReplicaCount: 3", "maxReplicaCount: 1"));
    Path out = directory.resolve("tune");

    int exit =
        ScaleproofCommand.execute(
            "tune",
            "spike",
            "--from",
            run.toString(),
            "--vary",
            "p95ThresholdMs=150,200",
            "--out",
            out.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(console.out())
        .contains("The twin is not faithful to this run")
        .contains("| java-app | peak replicas | 3 | 1 |");
    assertThat(out.resolve("tune.md")).content().contains("No recommendation");
    assertThat(out.resolve("recommended-patch.yaml")).doesNotExist();
  }

  @Test
  @DisplayName("stairs: calibrated from its own run, replayed within every bound; 150 ms passes")
  void stairsIsFaithful() {
    int exit =
        ScaleproofCommand.execute(
            "tune",
            "stairs",
            "--from",
            recorded("stairs").toString(),
            "--vary",
            "p95ThresholdMs=150",
            "--out",
            directory.resolve("tune").toString());

    assertThat(console.out())
        .contains("the twin is faithful to this run")
        .contains("Recommended: p95ThresholdMs=150");
    assertThat(exit).isZero();
  }

  private void refused(String expected, String... arguments) {
    Path out = directory.resolve("refused");
    String[] command =
        Stream.concat(
                Stream.of("tune"),
                Stream.concat(Stream.of(arguments), Stream.of("--out", out.toString())))
            .toArray(String[]::new);

    assertThat(ScaleproofCommand.execute(command)).as(console.err()).isEqualTo(2);

    assertThat(console.err()).contains(expected).contains("nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  @DisplayName("a run of another scenario: exit 2 naming its scenario.yaml, nothing written")
  void anotherScenario() {
    refused(
        "the run is of another scenario than 'default'",
        "default",
        "--from",
        recorded("spike").toString(),
        "--vary",
        "p95ThresholdMs=150");
  }

  @Test
  @DisplayName("a run without its scenario file (an earlier version's): exit 2, record it again")
  void earlierVersion() throws IOException {
    Path run = spikeWithoutItsScenario("old-run");
    refused(
        "scenario.yaml: is missing",
        "spike",
        "--from",
        run.toString(),
        "--vary",
        "p95ThresholdMs=150");
  }

  @Test
  @DisplayName("not a run directory, a --vary outside its domain, an empty sweep: exit 2")
  void badInput() {
    refused(
        "is not a run directory",
        "spike",
        "--from",
        directory.resolve("nowhere").toString(),
        "--vary",
        "p95ThresholdMs=150");
    refused(
        "outside its domain",
        "spike",
        "--from",
        recorded("spike").toString(),
        "--vary",
        "maxReplicaCount=0");
    refused(
        "is empty",
        "spike",
        "--from",
        recorded("spike").toString(),
        "--vary",
        "p95ThresholdMs=300..100/25");
  }
}
