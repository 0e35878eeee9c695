package io.scaleproof.scenarios.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.cli.ScaleproofCommand;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin against a run recorded now, on the embedded cluster: record the spike scenario live,
 * calibrate from it, replay it on five seeds. The predicted time to scale up must be within one HPA
 * sync plus one polling interval of the observed, and the replica-seconds within 15 %. Nightly: a
 * cluster, a pipeline and two minutes of load.
 */
@Tag("nightly")
class TuneFidelityIT {
  @TempDir Path directory;

  @Test
  @DisplayName("spike, recorded live, calibrated and replayed: scale-up and cost as observed")
  void replaysALiveRun() {
    Path run = directory.resolve("run");
    int exit =
        ScaleproofCommand.execute(
            "run",
            "spike",
            "--out",
            run.toString(),
            "--history",
            directory.resolve("history.csv").toString());
    assertThat(exit).as("the live run's verdict").isZero();

    ProjectPipeline subject = ProjectPipeline.shipped();
    Scenario spike = ShippedScenarios.find("spike");
    Tune tune =
        Tune.prepare(
            subject, spike, run, List.of(Vary.parse("p95ThresholdMs=150")), spike.timers(), 5);
    Tune.Outcome outcome =
        tune.run(directory.resolve("tune"), false, new java.io.PrintWriter(System.out, true));
    System.out.print(outcome.fidelity().markdown());

    assertThat(outcome.fidelity().rows())
        .filteredOn(
            row -> row.kpi() == Kpis.Kpi.TIME_TO_SCALE_UP || row.kpi() == Kpis.Kpi.REPLICA_SECONDS)
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.within()).as("%s", row).isTrue());
  }
}
