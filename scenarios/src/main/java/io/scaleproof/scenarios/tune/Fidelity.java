package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.scenarios.spec.PipelineChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The twin replaying a recorded run with the run's own settings, held against what the run did:
 * each KPI's observed value beside the median (and spread) of the twin's seeds, and the replica
 * timeline's mean error. The run is one draw of what the seeds draw; the median is the typical
 * draw, which one slow seed does not move (the seeds' app speeds are lognormal, so a slow draw
 * costs more than a fast one saves). Each KPI has a bound a faithful twin stays within; above any
 * of them tune refuses to recommend.
 *
 * <p>The bounds: the time to scale up within one HPA sync plus one polling interval (the phase of
 * the two loops against the load is not recorded); the time to pods ready within the same plus the
 * spread of the pod starts seen; the peak within one replica; replica-seconds within 15 %; the
 * seconds above the SLO within 20 %, or two rule evaluation periods plus one sync and one poll when
 * that is more (the metric moves in steps of an evaluation, so each end of the violation is known
 * to within one, and its end follows the scale-up's loops); the time to scale down within one sync
 * plus one poll plus 15 %; the replica timeline within 15 % of the mean replicas, second by second.
 */
public record Fidelity(List<Row> rows, List<Timeline> timelines) {
  /** Replica-seconds within this fraction. */
  static final double REPLICA_SECONDS_BOUND = 0.15;

  /** The replica timeline's mean absolute error within this fraction of the mean replicas. */
  static final double TIMELINE_BOUND = 0.15;

  /** One KPI of one service: observed, predicted (median, lowest, highest seed), bound, verdict. */
  public record Row(
      String service,
      Kpis.Kpi kpi,
      Double observed,
      Double predicted,
      Double low,
      Double high,
      double bound,
      boolean within) {}

  /** One service's replica timeline error: mean |predicted − observed| over mean observed. */
  public record Timeline(String service, double error, boolean within) {}

  public boolean acceptable() {
    return rows.stream().allMatch(Row::within) && timelines.stream().allMatch(Timeline::within);
  }

  /** Replays {@code run} with its own settings on {@code seeds} seeds and compares. */
  public static Fidelity check(Tuning tuning, RunRecord run, int seeds) {
    PipelineChanges recorded = run.scenario().pipeline();
    Map<String, TwinSettings> settings = tuning.settings(recorded);
    List<Tuning.Draw> draws = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      draws.add(tuning.draw(settings, seed, false));
    }
    List<Row> rows = new ArrayList<>();
    List<Timeline> timelines = new ArrayList<>();
    RecordedRun observedRun = run.recorded();
    for (String service : tuning.scenario().services()) {
      ServiceTimeline observedTimeline = observedRun.services().get(service);
      ServiceTimeline judged =
          new ServiceTimeline(service, tuning.sloP95(service), observedTimeline.samples());
      Kpis observed =
          Kpis.of(ServiceFigures.of(judged, observedRun.loadStarted(), observedRun.loadStopped()));
      TwinSettings own = settings.get(service);
      double loops =
          own.spec().syncPeriod().toMillis() / 1000.0
              + own.spec().pollingInterval().toMillis() / 1000.0;
      double[] starts = tuning.fits().get(service).model().podStartSeconds();
      int evaluation = tuning.fits().get(service).model().lag().evaluationSeconds();
      double spread = 0;
      if (starts.length > 0) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double start : starts) {
          min = Math.min(min, start);
          max = Math.max(max, start);
        }
        spread = max - min;
      }
      for (Kpis.Kpi kpi : Kpis.Kpi.values()) {
        List<Double> predicted = new ArrayList<>();
        for (Tuning.Draw draw : draws) {
          predicted.add(kpi.of(draw.kpis().get(service)));
        }
        Double obs = kpi.of(observed);
        double bound =
            switch (kpi) {
              case TIME_TO_SCALE_UP -> loops;
              case TIME_TO_READY -> loops + spread;
              case PEAK_REPLICAS -> 1;
              case REPLICA_SECONDS -> REPLICA_SECONDS_BOUND * (obs == null ? 0 : obs);
              case SLO_VIOLATION_SECONDS ->
                  Math.max(0.2 * (obs == null ? 0 : obs), loops + 2.0 * evaluation);
              case TIME_TO_SCALE_DOWN -> loops + 0.15 * (obs == null ? 0 : obs);
            };
        rows.add(row(service, kpi, obs, predicted, bound));
      }
      double error = timelineError(observedTimeline, observedRun.loadStarted(), draws, service);
      timelines.add(new Timeline(service, error, error <= TIMELINE_BOUND));
    }
    return new Fidelity(rows, timelines);
  }

  private static Row row(
      String service, Kpis.Kpi kpi, Double observed, List<Double> predicted, double bound) {
    List<Double> present = predicted.stream().filter(v -> v != null).toList();
    if (present.size() < predicted.size()) {
      // Some seeds never saw it happen: it is a prediction only if none did, as in the run.
      boolean none = present.isEmpty();
      return new Row(service, kpi, observed, null, null, null, bound, none && observed == null);
    }
    double[] sorted = present.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    double median =
        sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    boolean within = observed != null && Math.abs(median - observed) <= bound + 1e-9;
    return new Row(
        service, kpi, observed, median, sorted[0], sorted[sorted.length - 1], bound, within);
  }

  /**
   * The mean over the run's seconds of |mean predicted replicas − observed replicas|, over the mean
   * observed replicas. The twin's clock starts at the first sample.
   */
  private static double timelineError(
      ServiceTimeline observed, Instant loadStarted, List<Tuning.Draw> draws, String service) {
    List<Sample> samples = observed.samples();
    Instant first = samples.get(0).at();
    double sum = 0;
    double replicas = 0;
    int count = 0;
    for (Sample sample : samples) {
      double t = Duration.between(first, sample.at()).toMillis() / 1000.0;
      double predicted = 0;
      for (Tuning.Draw draw : draws) {
        predicted += replicasAt(draw.runs().get(service).services().get(service), t);
      }
      predicted /= draws.size();
      sum += Math.abs(predicted - sample.replicas());
      replicas += sample.replicas();
      count++;
    }
    return count == 0 || replicas == 0 ? 0 : (sum / count) / (replicas / count);
  }

  private static int replicasAt(ServiceTimeline twin, double t) {
    Instant at = TwinRun.T0.plusMillis(Math.round(t * 1000));
    int replicas = twin.samples().get(0).replicas();
    for (Sample sample : twin.samples()) {
      if (sample.at().isAfter(at)) {
        break;
      }
      replicas = sample.replicas();
    }
    return replicas;
  }

  /** The check as a Markdown table, with the verdict. */
  public String markdown() {
    StringBuilder text = new StringBuilder();
    text.append(
        "| service | KPI | observed | predicted (median) | seeds' range | bound | within |\n");
    text.append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | ±%s | %s |%n",
              row.service(),
              row.kpi().label(),
              number(row.observed()),
              number(row.predicted()),
              row.low() == null ? "-" : number(row.low()) + "–" + number(row.high()),
              number(row.bound()),
              row.within() ? "yes" : "**no**"));
    }
    for (Timeline timeline : timelines) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | replica timeline | | mean error %.1f %% of the replicas | | ≤ %.0f %% | %s"
                  + " |%n",
              timeline.service(),
              timeline.error() * 100,
              TIMELINE_BOUND * 100,
              timeline.within() ? "yes" : "**no**"));
    }
    return text.toString();
  }

  static String number(Double value) {
    if (value == null) {
      return "-";
    }
    return Math.abs(value - Math.rint(value)) < 0.05
        ? String.valueOf(Math.round(value))
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
