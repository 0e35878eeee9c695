package io.scaleproof.cluster.sim.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One ScaledObject with a single Prometheus trigger and its HPA, run on a {@link Timeline} with a
 * metric given as a function of time: KEDA's poll loop (first poll at once, then every {@code
 * pollingInterval}) with {@link ScaleExecutor}, and the HPA's sync (first {@code syncPeriod} after
 * creation, then every {@code syncPeriod}) with {@link ExternalMetricReplicas} and {@link
 * HpaRecommender}. The HPA queries the metric afresh at each sync (no {@code useCachedMetrics}).
 * Pods are ready the moment they are asked for. At equal instants the poll runs before the sync.
 *
 * <p>This is the virtual-clock twin of the emulation on the embedded cluster: the same decision
 * code, a day of production timers in well under a second.
 */
public final class AutoscalerTwin {
  /** The ScaledObject and HPA settings the twin needs. {@code behavior} null means none. */
  public record Spec(
      int minReplicaCount,
      int maxReplicaCount,
      double threshold,
      double activationThreshold,
      boolean valueMetricType,
      Duration pollingInterval,
      int cooldownPeriodSeconds,
      Duration syncPeriod,
      ScalingRules scaleUp,
      ScalingRules scaleDown) {}

  /** A change of replicas: when, by whom (keda or hpa), from and to. */
  public record Rescale(Instant at, String by, int from, int to) {}

  /** What the HPA saw and decided at one sync. */
  public record Sync(Instant at, double metric, int current, int desired, int replicas) {}

  private final Spec spec;
  private final Timeline timeline;
  private final Function<Instant, Double> metric;
  private final Instant created;
  private final HpaRecommender recommender = new HpaRecommender(Duration.ofMinutes(5));
  private final List<Rescale> rescales = new ArrayList<>();
  private final List<Sync> syncs = new ArrayList<>();
  private int replicas;
  private Instant lastActive;

  public AutoscalerTwin(
      Spec spec, Timeline timeline, Function<Instant, Double> metric, int initialReplicas) {
    this.spec = spec;
    this.timeline = timeline;
    this.metric = metric;
    this.created = timeline.now();
    this.replicas = initialReplicas;
  }

  /** Arms KEDA's poll loop and the HPA's sync on the timeline. */
  public AutoscalerTwin start() {
    timeline.every(Duration.ZERO, spec.pollingInterval(), this::poll);
    timeline.every(spec.syncPeriod(), spec.syncPeriod(), this::sync);
    return this;
  }

  public int replicas() {
    return replicas;
  }

  public List<Rescale> rescales() {
    return List.copyOf(rescales);
  }

  public List<Sync> syncs() {
    return List.copyOf(syncs);
  }

  private void poll() {
    Instant now = timeline.now();
    double value = metric.apply(now);
    boolean active = value > spec.activationThreshold();
    ScaleExecutor.ScaledObjectState so =
        new ScaleExecutor.ScaledObjectState(
            "twin",
            "twin",
            "Deployment",
            "twin",
            spec.minReplicaCount(),
            null,
            spec.cooldownPeriodSeconds(),
            null,
            null,
            Map.of(),
            created,
            lastActive);
    ScaleExecutor.Decision decision =
        ScaleExecutor.requestScale(so, replicas, active, false, List.of("s0-prometheus"), now);
    decision.lastActiveTime().ifPresent(t -> lastActive = t);
    decision.scaleTo().ifPresent(to -> rescale(now, "keda", to));
  }

  private void sync() {
    Instant now = timeline.now();
    int minReplicas = Math.max(spec.minReplicaCount(), 1);
    recommender.recordInitial(replicas, now);
    double value = metric.apply(now);
    int current = replicas;
    if (current == 0) {
      syncs.add(new Sync(now, value, current, current, current));
      return; // ScalingDisabled: KEDA owns 0 <-> 1.
    }
    int desired;
    if (current > spec.maxReplicaCount()) {
      desired = spec.maxReplicaCount();
    } else if (current < minReplicas) {
      desired = minReplicas;
    } else {
      long usage = PrometheusScaler.milli(value);
      long target = PrometheusScaler.milli(spec.threshold());
      int proposal =
          spec.valueMetricType()
              ? ExternalMetricReplicas.forValue(
                      usage, target, current, current, current, Tolerance.DEFAULT)
                  .replicas()
              : ExternalMetricReplicas.forAverageValue(usage, target, current, Tolerance.DEFAULT)
                  .replicas();
      desired =
          spec.scaleUp() == null
              ? recommender
                  .normalize(current, proposal, minReplicas, spec.maxReplicaCount(), now)
                  .replicas()
              : recommender
                  .normalizeWithBehavior(
                      current,
                      proposal,
                      minReplicas,
                      spec.maxReplicaCount(),
                      spec.scaleUp(),
                      spec.scaleDown(),
                      now)
                  .replicas();
    }
    syncs.add(new Sync(now, value, current, desired, desired));
    if (desired != current) {
      if (spec.scaleUp() != null) {
        recommender.storeScaleEvent(spec.scaleUp(), spec.scaleDown(), current, desired, now);
      }
      rescale(now, "hpa", desired);
    }
  }

  private void rescale(Instant at, String by, int to) {
    if (to != replicas) {
      rescales.add(new Rescale(at, by, replicas, to));
      replicas = to;
    }
  }

  /** The replica count at {@code at}, from the rescales. */
  public int replicasAt(Instant at, int initial) {
    int count = initial;
    for (Rescale rescale : rescales) {
      if (!rescale.at().isAfter(at)) {
        count = rescale.to();
      }
    }
    return count;
  }
}
