package io.scaleproof.cluster.sim.autoscaling;

import io.scaleproof.cluster.control.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One ScaledObject with Prometheus triggers and its HPA, run on a {@link Timeline} with metrics
 * given as functions of time: KEDA's poll loop (first poll at once, then every {@code
 * pollingInterval}) with {@link ScaleExecutor}, and the HPA's sync (first {@code syncPeriod} after
 * creation, then every {@code syncPeriod}) with {@link HpaSync}, the decision the embedded
 * cluster's {@link KedaController} makes. The HPA queries the metrics afresh at each sync (no
 * {@code useCachedMetrics}). At equal instants the poll runs before the sync.
 *
 * <p>Pods are created the moment they are asked for; when they become ready is the {@link Pods}
 * model's answer (at once, unless one is given): the {@code Value} proposal multiplies by the ready
 * pods, as upstream's does.
 *
 * <p>This is the virtual-clock twin of the emulation on the embedded cluster: the same decision
 * code, a day of production timers in well under a second.
 */
public final class AutoscalerTwin {
  /** One Prometheus trigger: its threshold, activation threshold and metric type. */
  public record Trigger(double threshold, double activationThreshold, boolean valueMetricType) {}

  /**
   * The ScaledObject and HPA settings the twin needs. {@code scaleUp} null means no behavior.
   *
   * @param triggers in the ScaledObject's order; {@link Metrics} is asked by this index
   */
  public record Spec(
      int minReplicaCount,
      int maxReplicaCount,
      List<Trigger> triggers,
      Duration pollingInterval,
      int cooldownPeriodSeconds,
      Duration syncPeriod,
      ScalingRules scaleUp,
      ScalingRules scaleDown) {
    public Spec {
      triggers = List.copyOf(triggers);
      if (triggers.isEmpty()) {
        throw new IllegalArgumentException("triggers: a ScaledObject needs at least one");
      }
    }
  }

  /** The value of each trigger's query at an instant; NaN when the query failed. */
  @FunctionalInterface
  public interface Metrics {
    double value(int trigger, Instant at);
  }

  /** When the pods the autoscaler asks for become ready. */
  public interface Pods {
    /** The target was scaled from {@code from} to {@code to} replicas at {@code at}. */
    void scaled(int from, int to, Instant at);

    /** How many of {@code replicas} pods are ready at {@code at}. */
    int ready(int replicas, Instant at);

    /** Pods ready the moment they are created. */
    Pods AT_ONCE =
        new Pods() {
          @Override
          public void scaled(int from, int to, Instant at) {}

          @Override
          public int ready(int replicas, Instant at) {
            return replicas;
          }
        };
  }

  /** A change of replicas: when, by whom (keda or hpa), from and to. */
  public record Rescale(Instant at, String by, int from, int to) {}

  /** What the HPA decided at one sync: the count it found and the count it wanted. */
  public record Sync(Instant at, int current, int desired) {}

  private final Spec spec;
  private final Timeline timeline;
  private final Metrics metrics;
  private final Pods pods;
  private final Instant created;
  private final HpaSync hpa = new HpaSync();
  private final List<Rescale> rescales = new ArrayList<>();
  private final List<Sync> syncs = new ArrayList<>();
  private final List<String> triggerNames;
  private int replicas;
  private Instant lastActive;

  public AutoscalerTwin(
      Spec spec, Timeline timeline, Metrics metrics, Pods pods, int initialReplicas) {
    this.spec = spec;
    this.timeline = timeline;
    this.metrics = metrics;
    this.pods = pods;
    this.created = timeline.now();
    this.replicas = initialReplicas;
    this.triggerNames = new ArrayList<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      triggerNames.add("s" + i + "-prometheus");
    }
  }

  /** A twin with one trigger whose metric is {@code metric}, and pods ready at once. */
  public AutoscalerTwin(
      Spec spec, Timeline timeline, Function<Instant, Double> metric, int initialReplicas) {
    this(spec, timeline, (trigger, at) -> metric.apply(at), Pods.AT_ONCE, initialReplicas);
  }

  /** Arms KEDA's poll loop and the HPA's sync on the timeline. */
  public AutoscalerTwin start() {
    timeline.every(Duration.ZERO, spec.pollingInterval(), this::poll);
    timeline.afterEach(spec.syncPeriod(), spec.syncPeriod(), this::sync);
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
    TriggerActivity activity = new TriggerActivity();
    for (int i = 0; i < spec.triggers().size(); i++) {
      double value = metrics.value(i, now);
      activity.add(
          triggerNames.get(i),
          Double.isNaN(value),
          false,
          value,
          spec.triggers().get(i).activationThreshold());
    }
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
        ScaleExecutor.requestScale(
            so,
            replicas,
            activity.active(),
            // In error when any trigger failed, as KEDA's scale handler sums it: with another
            // trigger active, RequestScale then leaves lastActiveTime as it was.
            activity.failed(),
            activity.activeTriggers(),
            now);
    decision.lastActiveTime().ifPresent(t -> lastActive = t);
    decision.scaleTo().ifPresent(to -> rescale(now, "keda", to));
  }

  private void sync() {
    Instant now = timeline.now();
    int current = replicas;
    HpaSync.Decision decision =
        hpa.decide(
            new HpaSync.Target(current, current, current, pods.ready(current, now)),
            spec.minReplicaCount(),
            spec.maxReplicaCount(),
            spec.scaleUp(),
            spec.scaleDown(),
            () -> readings(now),
            now);
    syncs.add(new Sync(now, current, decision.desired()));
    if (decision.desired() != current) {
      hpa.rescaled(spec.scaleUp(), spec.scaleDown(), current, decision.desired(), now);
      rescale(now, "hpa", decision.desired());
    }
  }

  private List<HpaSync.Reading> readings(Instant now) {
    List<HpaSync.Reading> readings = new ArrayList<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      Trigger trigger = spec.triggers().get(i);
      double value = metrics.value(i, now);
      readings.add(
          Double.isNaN(value)
              ? HpaSync.Reading.failed("metric:s" + i + "-prometheus encountered error")
              : HpaSync.Reading.of(value, trigger.threshold(), trigger.valueMetricType()));
    }
    return readings;
  }

  private void rescale(Instant at, String by, int to) {
    if (to != replicas) {
      rescales.add(new Rescale(at, by, replicas, to));
      pods.scaled(replicas, to, at);
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
