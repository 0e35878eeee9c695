package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.scenarios.run.Expectation;
import io.scaleproof.scenarios.run.Expectations;
import io.scaleproof.scenarios.run.ScaledObjectTuning;
import io.scaleproof.scenarios.spec.PipelineChanges;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.Timers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's services, each with its calibrated model, ready to be run on the virtual clock under
 * any {@link PipelineChanges}: what the fidelity check replays and the sweep varies. The SLO is the
 * base scenario's and stays fixed while the triggers' thresholds move.
 */
public final class Tuning {
  /** How long after the scale-down window the live run keeps recording ({@code ScenarioRunner}). */
  static final Duration SCALE_DOWN_GRACE = Duration.ofSeconds(15);

  private final ProjectPipeline subject;
  private final Scenario scenario;
  private final Timers timers;
  private final Map<String, Calibration.Fit> fits;
  private final Map<String, ProjectPipeline.Thresholds> slo;

  /**
   * @param scenario the scenario whose load and SLO are kept
   * @param timers the timers the twin's HPA syncs with
   * @param fits each service's calibration
   */
  public Tuning(
      ProjectPipeline subject,
      Scenario scenario,
      Timers timers,
      Map<String, Calibration.Fit> fits) {
    subject.requireKeda(
        "tuning varies a KEDA ScaledObject's settings on the virtual clock",
        "Tune a project whose services KEDA scales, or run this one with"
            + " `scaleproof run --backend local`");
    this.subject = subject;
    this.scenario = scenario;
    this.timers = timers;
    this.fits = new LinkedHashMap<>(fits);
    this.slo = subject.thresholds(scenario);
  }

  public Scenario scenario() {
    return scenario;
  }

  public Timers timers() {
    return timers;
  }

  public Map<String, Calibration.Fit> fits() {
    return fits;
  }

  /** The SLO's p95 threshold of {@code service}, in milliseconds. */
  public double sloP95(String service) {
    return slo.get(service).p95Ms();
  }

  /**
   * The SLO's p95 threshold shared by every service, or null when they differ: what a scenario file
   * pins as {@code slo.p95ThresholdMs}.
   */
  public Double commonSloP95() {
    Double common = null;
    for (String service : scenario.services()) {
      double p95 = sloP95(service);
      if (common != null && common != p95) {
        return null;
      }
      common = p95;
    }
    return common;
  }

  /** The autoscaling settings of {@code service} under {@code changes}. */
  public TwinSettings settings(PipelineChanges changes, String service) {
    Path file =
        subject.pipeline().source().resolve(subject.chain(service).autoscaler().file()).normalize();
    return ScaledObjectSettings.of(
        ScaledObjectTuning.tuned(subject, changes, service),
        subject.chain(service),
        timers.hpaSyncPeriod(),
        file);
  }

  /**
   * One draw of the scenario under some settings: each service's twin run and KPIs, and whether the
   * scenario's expectations hold.
   */
  public record Draw(
      Map<String, RecordedRun> runs, Map<String, Kpis> kpis, Kpis combined, boolean passed) {}

  /**
   * Runs every service under {@code settings} with {@code seed} (null: the calibration's replay),
   * sampled as the live run samples: from the baseline before the load until every service is back
   * at its initial replicas, or the scenario's scale-down window and its grace have passed.
   */
  public Draw draw(Map<String, TwinSettings> settings, Long seed, boolean clientView) {
    Map<String, RecordedRun> full = new LinkedHashMap<>();
    Instant cut = null;
    boolean everyServiceDown = true;
    for (String service : scenario.services()) {
      Calibration.Fit fit = fits.get(service);
      TwinRun.Shape shape =
          new TwinRun.Shape(
              fit.shape().preSeconds(),
              (int) scenario.slo().scaleDownWithin().plus(SCALE_DOWN_GRACE).toSeconds(),
              fit.shape().initialReplicas(),
              scenario.load());
      RecordedRun run =
          TwinRun.run(
              service,
              sloP95(service),
              fit.model(),
              settings.get(service),
              shape,
              seed == null ? null : seed * 1_000_003L + service.hashCode(),
              clientView);
      full.put(service, run);
      Instant down =
          ServiceFigures.of(run.services().get(service), run.loadStarted(), run.loadStopped())
              .scaledDown();
      if (down == null) {
        everyServiceDown = false;
      } else if (cut == null || down.isAfter(cut)) {
        cut = down;
      }
    }
    Map<String, RecordedRun> runs = new LinkedHashMap<>();
    Map<String, Kpis> kpis = new LinkedHashMap<>();
    boolean passed = true;
    for (String service : scenario.services()) {
      RecordedRun run =
          everyServiceDown ? until(full.get(service), service, cut) : full.get(service);
      runs.put(service, run);
      kpis.put(
          service,
          Kpis.of(
              ServiceFigures.of(
                  run.services().get(service), run.loadStarted(), run.loadStopped())));
      for (Expectation expectation :
          Expectations.judge(scenario.withServices(List.of(service)), run, slo)) {
        passed &= expectation.passed();
      }
    }
    return new Draw(runs, kpis, Kpis.combined(new ArrayList<>(kpis.values())), passed);
  }

  /** The run's samples up to {@code cut}, as the live recorder stops. */
  private static RecordedRun until(RecordedRun run, String service, Instant cut) {
    ServiceTimeline timeline = run.services().get(service);
    List<Sample> kept =
        timeline.samples().stream().filter(sample -> !sample.at().isAfter(cut)).toList();
    return new RecordedRun(
        run.scenario(),
        run.loadStarted(),
        run.loadStopped(),
        Map.of(service, new ServiceTimeline(service, timeline.p95ThresholdMs(), kept)));
  }

  /** Each service's settings under {@code changes}. */
  public Map<String, TwinSettings> settings(PipelineChanges changes) {
    Map<String, TwinSettings> settings = new LinkedHashMap<>();
    for (String service : scenario.services()) {
      settings.put(service, settings(changes, service));
    }
    return settings;
  }
}
