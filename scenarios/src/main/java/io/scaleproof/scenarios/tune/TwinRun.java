package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.cluster.control.VirtualTimeline;
import io.scaleproof.cluster.sim.autoscaling.AutoscalerTwin;
import io.scaleproof.scenarios.spec.LoadProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One service's run on the virtual clock: the scenario's load, second by second, through the {@link
 * AppModel}; the answers through the metric pipeline ({@link MetricView}); KEDA's poll and the
 * HPA's sync through {@link AutoscalerTwin}, the embedded cluster's own decision code; new pods
 * ready after {@link PodStarts}' delays. It is sampled every second as the live recorder samples,
 * so the same {@link io.scaleproof.assertions.ServiceFigures} and expectations judge it.
 *
 * <p>A seed makes the run one draw of what varies between live runs: the phase of the HPA's sync,
 * of KEDA's poll and of the rules' evaluation relative to the load, which observed pod start each
 * new pod takes, and how fast the app runs this time ({@link #RUN_TO_RUN_SPEED}). Arrivals are the
 * offered rate: their Poisson variation is already in the queue's steady state ({@link AppModel}),
 * and adding it per second would count it twice. Without a seed every phase is 0, every pod takes
 * the median start and the app its calibrated speed: the calibration's replay.
 */
public final class TwinRun {
  /**
   * How much an app's mean service time varies from run to run, as a lognormal spread: the sample
   * apps' fitted service times differed by about 8 % between runs of the same machine (java-app:
   * 45.5, 49.2 and 54.7 ms in three runs). A seed draws the run's speed from it, so that a setting
   * which passes only at the calibrated speed does not pass in every seed.
   */
  static final double RUN_TO_RUN_SPEED = 0.08;

  /** Where every twin run starts on the virtual clock. */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * How long the recorder samples around the load, and the replicas at its start.
   *
   * @param preSeconds seconds sampled before the load starts
   * @param tailSeconds seconds sampled after it stops
   * @param initialReplicas the replicas when sampling starts
   * @param load the scenario's load
   */
  public record Shape(int preSeconds, int tailSeconds, int initialReplicas, LoadProfile load) {
    int loadSeconds() {
      return (int) Math.ceil(load.duration().toMillis() / 1000.0);
    }

    int totalSeconds() {
      return preSeconds + loadSeconds() + tailSeconds;
    }
  }

  private TwinRun() {}

  /** Runs the twin; {@code seed} null for the calibration's replay, without draws. */
  public static RecordedRun run(
      String service,
      double p95ThresholdMs,
      ServiceModel model,
      TwinSettings settings,
      Shape shape,
      Long seed,
      boolean clientView) {
    SplittableRandom random = seed == null ? null : new SplittableRandom(seed);
    VirtualTimeline timeline = new VirtualTimeline(T0);
    int total = shape.totalSeconds();
    double evaluationPhase =
        random == null ? 0 : random.nextDouble() * model.lag().evaluationSeconds();
    MetricView metrics = new MetricView(model.buckets(), model.lag(), evaluationPhase, total + 1);
    MetricView clients =
        clientView
            ? new MetricView(
                LatencyBuckets.FINE,
                new PipelineLag(model.lag().windowSeconds(), 0, 1),
                0,
                total + 1)
            : null;
    PodStarts pods =
        new PodStarts(
            model.podStartSeconds(),
            random == null ? null : random.split(),
            shape.initialReplicas(),
            T0);
    AutoscalerTwin twin =
        new AutoscalerTwin(
            settings.spec(),
            timeline,
            (trigger, at) -> value(settings, trigger, metrics, seconds(at)),
            pods,
            shape.initialReplicas());
    // The ScaledObject was created some time before the load: its loops run at some phase to it.
    double loopPhase =
        random == null ? 0 : random.nextDouble() * settings.spec().syncPeriod().toSeconds();
    timeline.schedule(Duration.ofMillis(Math.round(loopPhase * 1000)), twin::start);

    // The app runs as fast as it did in the calibrating run, give or take what varies between runs.
    AppModel app =
        random == null
            ? model.app()
            : model.app().withSpeed(Math.exp(RUN_TO_RUN_SPEED * random.nextGaussian()));
    double[] strata = app.serviceTime().strata();
    double backlog = 0;
    double lastLatencyMs = app.serviceTime().meanMs();
    List<Sample> samples = new ArrayList<>(total + 1);
    for (int s = 0; s < total; s++) {
      Instant at = T0.plusSeconds(s);
      timeline.advanceTo(at);
      int replicas = twin.replicas();
      int ready = pods.ready(replicas, at);
      double arrivals = arrivals(shape, s, lastLatencyMs);
      double[] counts = metrics.next();
      double[] fine = clients == null ? null : clients.next();
      AppModel.Second second =
          app.serve(arrivals, ready, backlog, model.errorRate(), model.buckets(), strata, counts);
      if (fine != null) {
        app.serve(arrivals, ready, backlog, model.errorRate(), LatencyBuckets.FINE, strata, fine);
        clients.record(fine, second.calls(), second.errors());
      }
      metrics.record(counts, second.calls(), second.errors());
      backlog = second.backlog();
      if (second.calls() > 0) {
        lastLatencyMs = second.meanLatencyMs();
      }
      timeline.advanceTo(at.plusMillis(999));
      double t = s + 1;
      samples.add(
          new Sample(
              at.plusSeconds(1),
              twin.replicas(),
              pods.ready(twin.replicas(), at.plusSeconds(1)),
              orNull(metrics.p95(t, true)),
              orNull(metrics.errorRatio(t)),
              metrics.rate(t),
              clients == null ? null : orNull(clients.p95(t, false))));
    }
    timeline.close();
    Instant loadStarted = T0.plusSeconds(shape.preSeconds());
    return new RecordedRun(
        "twin",
        loadStarted,
        loadStarted.plusSeconds(shape.loadSeconds()),
        Map.of(service, new ServiceTimeline(service, p95ThresholdMs, samples)));
  }

  /**
   * The requests offered in second {@code s} of the run: the open profile's rate, or for a closed
   * one its users over their think time plus the last second's mean latency.
   */
  static double arrivals(Shape shape, int s, double lastLatencyMs) {
    double second = s - shape.preSeconds() + 0.5;
    double rate;
    if (shape.load() instanceof LoadProfile.Closed closed) {
      boolean running = second >= 0 && second < closed.duration().toMillis() / 1000.0;
      rate =
          running
              ? closed.users() / (closed.thinkTime().toMillis() / 1000.0 + lastLatencyMs / 1000)
              : 0;
    } else {
      rate = OfferedLoad.rate(shape.load(), second);
    }
    return rate;
  }

  private static double value(TwinSettings settings, int trigger, MetricView metrics, double t) {
    double value =
        switch (settings.signals().get(trigger)) {
          case LATENCY -> metrics.p95(t, true);
          case ERRORS -> metrics.errorRatio(t);
          case RATE -> metrics.rate(t);
        };
    if (Double.isNaN(value)) {
      return settings.ignoreNullValues().get(trigger) ? 0 : Double.NaN;
    }
    return value;
  }

  private static double seconds(Instant at) {
    return Duration.between(T0, at).toMillis() / 1000.0;
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
