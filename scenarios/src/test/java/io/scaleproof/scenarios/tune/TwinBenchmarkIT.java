package io.scaleproof.scenarios.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.scenarios.spec.LoadProfile;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How fast the twin runs: one full configuration (the app's queue, the metric pipeline, KEDA and
 * the HPA) of a 10-minute scenario, in emulated seconds per wall-clock second, and a sweep of 200
 * settings × 5 seeds of it. Prints the figures; asserts only that the runs happened.
 */
@Tag("benchmark")
class TwinBenchmarkIT {
  private static final LoadProfile TEN_MINUTES =
      new LoadProfile.Ramp(10, 70, Duration.ofMinutes(5), Duration.ofMinutes(5));

  /** The java sample app as its Deployment declares it, and the shipped pipeline's timers. */
  private static Tuning tuning() {
    ProjectPipeline subject = ProjectPipeline.shipped();
    Scenario scenario =
        ShippedScenarios.find("default").withServices(List.of("java-app")).withLoad(TEN_MINUTES);
    ServiceModel model =
        new ServiceModel(
            new AppModel(2, new ServiceTime(50, 0.5), 200),
            0,
            new PipelineLag(30, 5, 5),
            SpanMetricsBuckets.of(subject.pipeline()),
            new double[] {9, 12, 20, 22, 38});
    Calibration.Fit fit = new Calibration.Fit(model, new TwinRun.Shape(5, 0, 1, TEN_MINUTES), 0, 0);
    return new Tuning(subject, scenario, scenario.timers(), Map.of("java-app", fit));
  }

  @Test
  @DisplayName("one configuration of a 10-minute scenario, and a 200 × 5 sweep of it")
  void speed() {
    Tuning tuning = tuning();
    Map<String, TwinSettings> settings = tuning.settings(tuning.scenario().pipeline());
    Calibration.Fit fit = tuning.fits().get("java-app");
    TwinRun.Shape shape = new TwinRun.Shape(5, 115, 1, TEN_MINUTES);
    double emulated = shape.totalSeconds();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 30; i++) {
      long start = System.nanoTime();
      TwinRun.run("java-app", 150, fit.model(), settings.get("java-app"), shape, (long) i, false);
      best = Math.min(best, System.nanoTime() - start);
    }
    System.out.printf(
        "twin benchmark: one configuration, %.0f emulated s in %.2f ms: %.0f emulated seconds per"
            + " wall-clock second (best of 30, one thread)%n",
        emulated, best / 1e6, emulated / (best / 1e9));

    List<Vary> varies =
        List.of(Vary.parse("p95ThresholdMs=100..295/5"), Vary.parse("maxReplicaCount=2..6/1"));
    Sweep.run(tuning, varies, 1, Map.of("java-app", 6), null); // warm-up
    long start = System.nanoTime();
    Sweep sweep = Sweep.run(tuning, varies, 5, Map.of("java-app", 6), null);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "twin benchmark: a sweep of %d settings × 5 seeds of a 10-minute scenario in %.1f s on %d"
            + " cores%n",
        sweep.results().size(), seconds, Runtime.getRuntime().availableProcessors());
    assertThat(sweep.results()).hasSize(200);
    assertThat(sweep.ranked()).isNotEmpty();
  }
}
