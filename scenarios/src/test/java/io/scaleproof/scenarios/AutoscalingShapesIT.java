package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Project;
import io.scaleproof.scenarios.spec.ProjectFile;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same load on the pipeline's two autoscaling shapes, on real programs (the local backend):
 * KEDA ScaledObjects, and plain HPAs on the Prometheus Adapter's external metrics
 * (examples/prometheus-adapter). Each shape must pass its scenario, and the stage lags of both are
 * printed side by side: the clients' breach → the p95 metric's breach → the decision → the pods
 * ready → p95 recovered. The Adapter adds a lag KEDA does not have: it serves a metric only once a
 * listing (every relistInterval) has found its series, and the p95 series first appears under the
 * load.
 */
@Tag("nightly")
@Tag("local")
class AutoscalingShapesIT {
  private static final Path EXAMPLE =
      ProjectFiles.find("examples/prometheus-adapter/scaleproof.yaml");

  @TempDir Path temp;

  @Test
  @DisplayName("the same load scales both shapes within their SLO, and their lags are compared")
  void bothShapesScale() {
    Project adapterProject = ProjectFile.read(EXAMPLE);
    ProjectPipeline adapter = ProjectPipeline.load(adapterProject);
    Scenario onAdapter = ShippedScenarios.find("adapter", adapterProject.scenarios());
    Scenario onKeda =
        ShippedScenarios.find(
            EXAMPLE.resolveSibling("compare/keda.yaml").toString(), adapterProject.scenarios());
    assertThat(onKeda.load()).as("the same load on both shapes").isEqualTo(onAdapter.load());
    assertThat(onKeda.slo()).as("the same bounds on both shapes").isEqualTo(onAdapter.slo());

    RunOutcome keda =
        ScenarioRunner.run(
            ProjectPipeline.shipped(),
            onKeda,
            temp.resolve("keda"),
            Progress.to(System.out),
            Backend.local());
    RunFiles.write(keda);
    RunOutcome hpa =
        ScenarioRunner.run(
            adapter, onAdapter, temp.resolve("adapter"), Progress.to(System.out), Backend.local());
    RunFiles.write(hpa);

    System.out.println(
        "shapes: the same load; stage lags in seconds, KEDA / the Prometheus Adapter\n"
            + "| service | clients' breach → metric | metric → decision | decision → pods ready"
            + " | breach → p95 recovered |\n|---|---|---|---|---|");
    for (String service : onAdapter.services()) {
      ServiceFigures k = keda.figures().get(service);
      ServiceFigures a = hpa.figures().get(service);
      System.out.printf(
          "| %s | %s | %s | %s | %s |%n",
          service,
          pair(k, a, f -> between(f.clientBreach(), f.firstBreach())),
          pair(k, a, f -> between(f.firstBreach(), f.firstScaleUp())),
          pair(k, a, f -> between(f.firstScaleUp(), f.scaledUpReady())),
          pair(k, a, ServiceFigures::timeToRecoverySeconds));
    }
    assertThat(keda.passed()).as("every expectation held on KEDA's shape").isTrue();
    assertThat(hpa.passed()).as("every expectation held on the Adapter's shape").isTrue();
  }

  private static String pair(
      ServiceFigures keda, ServiceFigures adapter, Function<ServiceFigures, Double> lag) {
    return format(lag.apply(keda)) + " / " + format(lag.apply(adapter));
  }

  private static Double between(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to).toMillis() / 1000.0;
  }

  private static String format(Double seconds) {
    return seconds == null ? "–" : String.format(Locale.ROOT, "%.0f", seconds);
  }
}
