package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.scenarios.spec.LoadProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fits a {@link ServiceModel} to what one service did in a recorded run. Each part is fitted
 * against the measurement that shows it best, with the run's own ready replicas as input (no
 * autoscaler in the loop), so that an error in one part does not hide in another:
 *
 * <ol>
 *   <li>the pods' start: each pod a scale-up asked for, from the sample that asked to the first
 *       sample with that many ready;
 *   <li>the app as a queue (workers per replica, mean service time, lognormal shape): the clients'
 *       p95 over the run, which no metric pipeline delays, by least squares on the logarithm over a
 *       grid, refined around its best point;
 *   <li>the metric pipeline (rule window, lag, evaluation period and phase): the recorded p95
 *       metric, given the fitted app.
 * </ol>
 *
 * The queue bound per replica is not fitted (a run that sheds nothing does not show it): it is
 * taken as {@link #QUEUE_LIMIT}.
 */
public final class Calibration {
  /** Requests one replica may queue, when the run does not show it. */
  static final int QUEUE_LIMIT = 1000;

  /**
   * A service's fitted model and how well it fits.
   *
   * @param model the fitted model
   * @param shape the recorded run's length around the load, and its replicas at the start
   * @param clientFitError the root mean square of ln(predicted / observed) clients' p95
   * @param metricFitError the same for the p95 metric
   */
  public record Fit(
      ServiceModel model, TwinRun.Shape shape, double clientFitError, double metricFitError) {}

  private static final int[] CONCURRENCY = {1, 2, 4, 8, 16, 32, 64};
  private static final double[] SIGMA = {0.2, 0.45, 0.7, 0.95};
  private static final int[] WINDOW = {15, 30, 60, 120};
  private static final double[] CONTENTION = {0, 0.05, 0.1};

  private Calibration() {}

  /**
   * Fits {@code service} of {@code run}.
   *
   * @param load the load the run offered
   * @param errorRate the fraction of requests the scenario's fault answered with errors
   * @throws InvalidInputException when the run cannot calibrate: the service is not in it, it never
   *     scaled up (no pod start was seen), or the clients' or the metric's p95 was never measured
   */
  public static Fit fit(
      RunRecord run, String service, LoadProfile load, double errorRate, LatencyBuckets buckets) {
    Path timelineFile = run.directory().resolve("timeline.json");
    RecordedRun recorded = run.recorded();
    if (!recorded.services().containsKey(service)) {
      throw new InvalidInputException(
          timelineFile,
          "services." + service,
          "is not in the run",
          "Give a run of a scenario that loads " + service);
    }
    List<Sample> samples = recorded.services().get(service).samples();
    if (samples.size() < 10) {
      throw new InvalidInputException(
          timelineFile,
          "services." + service + ".samples",
          "holds " + samples.size() + " samples, too few to calibrate from",
          "Give a complete run");
    }
    Instant first = samples.get(0).at();
    int pre = (int) Math.round(seconds(first, recorded.loadStarted()));
    int tail =
        (int) Math.round(seconds(recorded.loadStopped(), samples.get(samples.size() - 1).at()));
    TwinRun.Shape shape =
        new TwinRun.Shape(Math.max(0, pre), Math.max(0, tail), samples.get(0).replicas(), load);
    double[] podStarts = Observed.podStarts(samples);
    if (podStarts.length == 0) {
      throw new InvalidInputException(
          timelineFile,
          "services." + service,
          "never scaled up in this run: the time from a decision to a ready pod is unknown",
          "Calibrate from a run whose load makes " + service + " scale up");
    }
    Observed observed = Observed.of(samples, first, shape.totalSeconds());
    if (observed.clientAt().isEmpty() || observed.metricAt().isEmpty()) {
      throw new InvalidInputException(
          timelineFile,
          "services." + service + ".samples",
          "has no "
              + (observed.clientAt().isEmpty() ? "clientP95Ms" : "p95Ms")
              + " value: the run measured no latency to calibrate from",
          "Give a run in which the load got answers");
    }

    AppModel app = fitApp(observed, shape, errorRate);
    double clientError = clientError(app, observed, shape, errorRate);
    LagFit lag = fitLag(app, observed, shape, errorRate, buckets);
    ServiceModel model = new ServiceModel(app, errorRate, lag.lag, buckets, podStarts);
    return new Fit(model, shape, clientError, lag.error);
  }

  private static AppModel fitApp(Observed observed, TwinRun.Shape shape, double errorRate) {
    double[] means = new double[40];
    for (int i = 0; i < means.length; i++) {
      means[i] = 2 * Math.pow(1.25, i); // 2 ms to about 12 s
    }
    List<AppModel> grid = new ArrayList<>();
    for (int c : CONCURRENCY) {
      for (double sigma : SIGMA) {
        for (double mean : means) {
          grid.add(new AppModel(c, new ServiceTime(mean, sigma), QUEUE_LIMIT));
        }
      }
    }
    AppModel best = best(grid, observed, shape, errorRate);
    // Refine the mean and shape around the best point, at the best concurrency and its neighbours.
    // Neighbouring concurrencies keep the best capacity: the mean service time scales with them.
    List<AppModel> finer = new ArrayList<>();
    int c0 = best.concurrency();
    for (int c : new int[] {c0, Math.max(1, c0 / 2), c0 * 2}) {
      for (int step = -4; step <= 4; step++) {
        double sigma = best.serviceTime().sigma() + 0.05 * step;
        for (int k = -6; k <= 6; k++) {
          double mean = best.serviceTime().meanMs() * c / c0 * Math.pow(1.04, k);
          for (int j = -1; j <= 1; j++) {
            double contention = best.contention() + 0.02 * j;
            if (sigma >= 0 && contention >= 0) {
              finer.add(new AppModel(c, new ServiceTime(mean, sigma), QUEUE_LIMIT, contention));
            }
          }
        }
      }
    }
    return best(finer, observed, shape, errorRate);
  }

  private static AppModel best(
      List<AppModel> candidates, Observed observed, TwinRun.Shape shape, double errorRate) {
    double[] errors = new double[candidates.size()];
    IntStream.range(0, candidates.size())
        .parallel()
        .forEach(i -> errors[i] = clientError(candidates.get(i), observed, shape, errorRate));
    int best = 0;
    for (int i = 1; i < errors.length; i++) {
      if (errors[i] < errors[best]) {
        best = i;
      }
    }
    return candidates.get(best);
  }

  /** The RMS of ln(predicted / observed) clients' p95, with the run's ready replicas as input. */
  static double clientError(
      AppModel app, Observed observed, TwinRun.Shape shape, double errorRate) {
    MetricView clients =
        replay(app, observed, shape, errorRate, LatencyBuckets.FINE, new PipelineLag(30, 0, 1), 0);
    return rms(clients, observed.clientAt(), false);
  }

  /** The phase is searched only so that it does not bias the lag; the twin draws it per seed. */
  private record LagFit(PipelineLag lag, double error) {}

  private static LagFit fitLag(
      AppModel app, Observed observed, TwinRun.Shape shape, double errorRate, LatencyBuckets b) {
    int evaluation = evaluationPeriod(observed.metricAt());
    MetricView recorded =
        replay(app, observed, shape, errorRate, b, new PipelineLag(30, 0, evaluation), 0);
    LagFit best = null;
    for (int window : WINDOW) {
      for (int lag = 0; lag <= 40; lag++) {
        for (int phase = 0; phase < evaluation; phase++) {
          PipelineLag candidate = new PipelineLag(window, lag, evaluation);
          double error = rms(recorded.through(candidate, phase), observed.metricAt(), true);
          if (best == null || error < best.error) {
            best = new LagFit(candidate, error);
          }
        }
      }
    }
    return best;
  }

  /**
   * The rules' evaluation period, from the recorded metric: the most common whole number of seconds
   * between two changes of its value (1 s when it changed every sample).
   */
  static int evaluationPeriod(List<double[]> metricAt) {
    int[] gaps = new int[61];
    double lastChange = Double.NaN;
    for (int i = 1; i < metricAt.size(); i++) {
      if (metricAt.get(i)[1] != metricAt.get(i - 1)[1]) {
        double t = metricAt.get(i)[0];
        if (!Double.isNaN(lastChange)) {
          int gap = (int) Math.round(t - lastChange);
          if (gap >= 1 && gap <= 60) {
            gaps[gap]++;
          }
        }
        lastChange = t;
      }
    }
    int best = 1;
    for (int gap = 1; gap < gaps.length; gap++) {
      if (gaps[gap] > gaps[best]) {
        best = gap;
      }
    }
    return best;
  }

  /** The load through the app with the run's own ready replicas, into a view at {@code lag}. */
  private static MetricView replay(
      AppModel app,
      Observed observed,
      TwinRun.Shape shape,
      double errorRate,
      LatencyBuckets buckets,
      PipelineLag lag,
      double phase) {
    int total = shape.totalSeconds();
    MetricView view = new MetricView(buckets, lag, phase, total + 1);
    double[] strata = app.serviceTime().strata();
    double backlog = 0;
    double lastLatency = app.serviceTime().meanMs();
    for (int s = 0; s < total; s++) {
      double arrivals = TwinRun.arrivals(shape, s, lastLatency);
      double[] counts = view.next();
      AppModel.Second served =
          app.serve(arrivals, observed.ready()[s], backlog, errorRate, buckets, strata, counts);
      view.record(counts, served.calls(), served.errors());
      backlog = served.backlog();
      if (served.calls() > 0) {
        lastLatency = served.meanLatencyMs();
      }
    }
    return view;
  }

  /** RMS of ln(predicted / observed); a measured value the model has none for counts as 1. */
  private static double rms(MetricView view, List<double[]> observed, boolean lagged) {
    double sum = 0;
    for (double[] point : observed) {
      double predicted = view.p95(point[0], lagged);
      double error = Double.isNaN(predicted) || predicted <= 0 ? 1 : Math.log(predicted / point[1]);
      sum += error * error;
    }
    return Math.sqrt(sum / observed.size());
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
