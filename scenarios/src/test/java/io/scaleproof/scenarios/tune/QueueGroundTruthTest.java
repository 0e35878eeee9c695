package io.scaleproof.scenarios.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.cluster.sim.autoscaling.AutoscalerTwin;
import io.scaleproof.scenarios.spec.LoadProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The twin where the answer is known: an M/M/c app (Poisson arrivals, exponential service times,
 * first come first served) in its steady state, and the replica count the HPA settles on for it.
 */
class QueueGroundTruthTest {
  /** Erlang C for c = 4 and 3 Erlangs, from the textbook tables: 0.5094. */
  @Test
  @DisplayName("Erlang C: 4 servers at 3 Erlangs wait with probability 0.5094")
  void erlangC() {
    assertThat(AppModel.erlangC(4, 3)).isCloseTo(0.5094, within(0.0005));
    assertThat(AppModel.erlangC(1, 0.5)).isCloseTo(0.5, within(1e-12)); // M/M/1: ρ
  }

  /**
   * P(T > t) of an M/M/c response time: the service and, with probability C, an Exp(cμ − λ) wait.
   */
  private static double responseTail(int servers, double mu, double lambda, double t) {
    double waiting = AppModel.erlangC(servers, lambda / mu);
    double theta = servers * mu - lambda;
    // S + W is hypoexponential; with equal rates, Erlang-2.
    double hypo =
        Math.abs(theta - mu) < 1e-9
            ? (1 + mu * t) * Math.exp(-mu * t)
            : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
    return (1 - waiting) * Math.exp(-mu * t) + waiting * hypo;
  }

  /** The analytic p95 of the response time, in milliseconds, by bisection. */
  static double analyticP95(int servers, double meanMs, double lambda) {
    double mu = 1000 / meanMs;
    double low = 0;
    double high = 100;
    for (int i = 0; i < 200; i++) {
      double mid = (low + high) / 2;
      if (responseTail(servers, mu, lambda, mid) > 0.05) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return low * 1000;
  }

  /** The model's p95 for one steady second, through the fine buckets. */
  private static double modelP95(AppModel app, int replicas, double lambda) {
    double[] counts = new double[LatencyBuckets.FINE.size() + 1];
    app.serve(lambda, replicas, 0, 0, LatencyBuckets.FINE, app.serviceTime().strata(), counts);
    return LatencyBuckets.FINE.quantile(0.95, counts);
  }

  @Test
  @DisplayName("steady p95 of M/M/c from light to heavy load: within 3 % of the analytic answer")
  void steadyP95() {
    AppModel app = new AppModel(2, ServiceTime.exponential(50), 1000);
    for (int replicas : new int[] {1, 2, 4}) {
      for (double utilisation : new double[] {0.2, 0.5, 0.75, 0.9}) {
        double lambda = utilisation * replicas * app.capacityPerReplica();
        double analytic = analyticP95(replicas * 2, 50, lambda);
        assertThat(modelP95(app, replicas, lambda))
            .as(
                "%d replicas at %.0f %% utilisation: analytic %.1f ms",
                replicas, utilisation * 100, analytic)
            .isCloseTo(analytic, within(0.03 * analytic));
      }
    }
  }

  private static ServiceModel model(AppModel app) {
    return new ServiceModel(
        app, 0, new PipelineLag(30, 0, 1), LatencyBuckets.FINE, new double[] {5});
  }

  private static int finalReplicas(RecordedRun run) {
    List<Sample> samples = run.services().get("app").samples();
    return samples.get(samples.size() - 1).replicas();
  }

  @Test
  @DisplayName("a rate trigger (AverageValue 20 req/s) under 70 req/s settles at ceil(70 / 20) = 4")
  void rateTriggerSettles() {
    AppModel app = new AppModel(2, ServiceTime.exponential(50), 1000);
    TwinSettings settings =
        new TwinSettings(
            new AutoscalerTwin.Spec(
                1,
                10,
                List.of(new AutoscalerTwin.Trigger(20, 0, false)),
                Duration.ofSeconds(5),
                300,
                Duration.ofSeconds(15),
                null,
                null),
            List.of(TwinSettings.Signal.RATE),
            List.of(true));
    LoadProfile load = new LoadProfile.Constant(70, Duration.ofMinutes(15));
    for (long seed = 1; seed <= 3; seed++) {
      RecordedRun run =
          TwinRun.run(
              "app", 150, model(app), settings, new TwinRun.Shape(0, 0, 1, load), seed, false);
      assertThat(finalReplicas(run)).as("seed %d", seed).isEqualTo(4);
    }
  }

  @Test
  @DisplayName(
      "a p95 trigger (Value) settles where the analytic p95 gives the HPA no reason to move")
  void latencyTriggerSettles() {
    AppModel app = new AppModel(2, ServiceTime.exponential(50), 1000);
    // 120 req/s against 40 per replica, a threshold of 200 ms: only 4 replicas are stable (3 are
    // saturated; at 5, p95 is 0.84 of the threshold and ceil(5 × 0.84) = 4).
    double threshold = 200;
    double lambda = 120;
    // The counts n at which ceil(n · p95(n) / threshold), outside the 10 % tolerance, is n again.
    List<Integer> stable = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      if (lambda >= n * app.capacityPerReplica()) {
        continue; // overloaded: p95 grows without bound
      }
      double ratio = analyticP95(2 * n, 50, lambda) / threshold;
      int next = Math.abs(ratio - 1) <= 0.1 ? n : (int) Math.ceil(n * ratio);
      if (next == n) {
        stable.add(n);
      }
    }
    assertThat(stable).as("the analytic answer is one count").hasSize(1);
    TwinSettings settings =
        new TwinSettings(
            new AutoscalerTwin.Spec(
                1,
                12,
                List.of(new AutoscalerTwin.Trigger(threshold, 0, true)),
                Duration.ofSeconds(5),
                300,
                Duration.ofSeconds(15),
                null,
                null),
            List.of(TwinSettings.Signal.LATENCY),
            List.of(true));
    // The first minute overloads one replica, the backlog's p95 sends the HPA to its maximum, and
    // each step down waits out the default 5-minute stabilization: an hour reaches the answer.
    LoadProfile load = new LoadProfile.Constant(lambda, Duration.ofMinutes(60));
    // No seed: the app at exactly its speed, the answer's premise (a seed also draws the speed).
    RecordedRun run =
        TwinRun.run(
            "app", threshold, model(app), settings, new TwinRun.Shape(0, 0, 1, load), null, false);
    assertThat(finalReplicas(run)).isEqualTo(stable.get(0));
  }
}
