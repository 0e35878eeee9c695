package io.scaleproof.cluster.sim.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HPA controller's decision at one sync of a ScaledObject's generated HPA (Kubernetes {@code
 * horizontal.go}, {@code reconcileAutoscaler}): a target scaled to zero is left to KEDA; a count
 * outside {@code [max(minReplicaCount, 1), maxReplicaCount]} is brought inside; otherwise each
 * trigger's metric gives a proposal ({@link ExternalMetricReplicas}), the highest wins, and the
 * recommender applies stabilization and the behavior's policies ({@link HpaRecommender}). A failed
 * metric stops the sync unless another metric proposes scaling up.
 *
 * <p>No I/O and no clock of its own: the embedded cluster's {@link HpaSyncLoop} and the
 * virtual-clock {@link AutoscalerTwin} both decide here, so the twin runs the cluster's code. One
 * instance per HPA: it holds the recommender's memory (recommendations, scale events).
 */
public final class HpaSync {
  /**
   * One trigger's metric as the HPA read it, in the milli-units of the external metrics API.
   *
   * @param milli the metric's value; ignored when {@code error} is set
   * @param targetMilli the trigger's threshold
   * @param valueMetricType {@code Value} (else {@code AverageValue})
   * @param error why the metric could not be read, or null
   */
  public record Reading(long milli, long targetMilli, boolean valueMetricType, String error) {
    /** A metric read as a value, against the trigger's threshold. */
    public static Reading of(double value, double threshold, boolean valueMetricType) {
      return ofMilli(PrometheusScaler.milli(value), threshold, valueMetricType);
    }

    /** A metric read in milli-units (as KEDA's metrics path serves it), against the threshold. */
    public static Reading ofMilli(long milli, double threshold, boolean valueMetricType) {
      return new Reading(milli, PrometheusScaler.milli(threshold), valueMetricType, null);
    }

    public static Reading failed(String error) {
      return new Reading(0, 0, false, error);
    }
  }

  /**
   * The scale target as the HPA sees it.
   *
   * @param spec the Deployment's {@code spec.replicas}
   * @param status its {@code status.replicas}
   * @param pods the pods its selector matches
   * @param ready those of them Running and Ready
   */
  public record Target(int spec, int status, int pods, int ready) {}

  /** What the sync concluded. */
  public enum Kind {
    /** The target has 0 replicas: scaling is disabled, KEDA owns 0 ↔ 1. */
    SCALING_DISABLED,
    /** Fewer replicas than {@code max(minReplicaCount, 1)}: brought up to it. */
    BELOW_MIN,
    /** More than {@code maxReplicaCount}: brought down to it. */
    ABOVE_MAX,
    /** No metric gave a proposal, or one failed and none proposed scaling up: nothing changes. */
    METRICS_FAILED,
    /** The metrics gave a count, after stabilization and the behavior's policies. */
    COMPUTED
  }

  /**
   * One sync's decision.
   *
   * @param kind what the sync concluded
   * @param desired the replica count the target is to have ({@code spec} when nothing changes)
   * @param proposals each trigger's proposal, null where its metric failed (empty unless the
   *     metrics were read)
   * @param best the index of the winning trigger, or -1
   * @param lastError the last metric error, or null
   * @param normalized the recommender's decision when {@code kind} is {@code COMPUTED}, else null
   */
  public record Decision(
      Kind kind,
      int desired,
      List<ExternalMetricReplicas.Proposal> proposals,
      int best,
      String lastError,
      HpaRecommender.Decision normalized) {}

  private final HpaRecommender recommender;

  /** An HPA with the controller's default 5-minute downscale stabilization. */
  public HpaSync() {
    this.recommender = new HpaRecommender(Duration.ofMinutes(5));
  }

  /**
   * Decides one sync. {@code readings} is asked only when the count is within bounds, as the
   * controller reads metrics only then. {@code scaleUp} null means the HPA has no behavior.
   */
  public Decision decide(
      Target target,
      int minReplicaCount,
      int maxReplicaCount,
      ScalingRules scaleUp,
      ScalingRules scaleDown,
      Supplier<List<Reading>> readings,
      Instant now) {
    int current = target.spec();
    int minReplicas = Math.max(minReplicaCount, 1);
    recommender.recordInitial(current, now);
    if (current == 0) {
      return new Decision(Kind.SCALING_DISABLED, current, List.of(), -1, null, null);
    }
    if (current > maxReplicaCount) {
      return new Decision(Kind.ABOVE_MAX, maxReplicaCount, List.of(), -1, null, null);
    }
    if (current < minReplicas) {
      return new Decision(Kind.BELOW_MIN, minReplicas, List.of(), -1, null, null);
    }
    List<ExternalMetricReplicas.Proposal> proposals = new ArrayList<>();
    int best = -1;
    int failed = 0;
    String lastError = null;
    for (Reading reading : readings.get()) {
      ExternalMetricReplicas.Proposal proposal = null;
      if (reading.error() != null) {
        lastError = reading.error();
      } else {
        try {
          proposal =
              reading.valueMetricType()
                  ? ExternalMetricReplicas.forValue(
                      reading.milli(),
                      reading.targetMilli(),
                      current,
                      target.pods(),
                      target.ready(),
                      Tolerance.DEFAULT)
                  : ExternalMetricReplicas.forAverageValue(
                      reading.milli(), reading.targetMilli(), target.status(), Tolerance.DEFAULT);
        } catch (IllegalStateException e) {
          lastError = e.getMessage();
        }
      }
      proposals.add(proposal);
      if (proposal == null) {
        failed++;
      } else if (best < 0 || proposal.replicas() > proposals.get(best).replicas()) {
        best = proposals.size() - 1;
      }
    }
    proposals = Collections.unmodifiableList(proposals);
    if (best < 0 || (failed > 0 && proposals.get(best).replicas() < current)) {
      return new Decision(Kind.METRICS_FAILED, current, proposals, best, lastError, null);
    }
    int proposed = proposals.get(best).replicas();
    HpaRecommender.Decision normalized =
        scaleUp == null
            ? recommender.normalize(current, proposed, minReplicas, maxReplicaCount, now)
            : recommender.normalizeWithBehavior(
                current, proposed, minReplicas, maxReplicaCount, scaleUp, scaleDown, now);
    return new Decision(
        Kind.COMPUTED, normalized.replicas(), proposals, best, lastError, normalized);
  }

  /** Records a rescale the controller made, for the behavior's rate policies. */
  public void rescaled(
      ScalingRules scaleUp, ScalingRules scaleDown, int from, int to, Instant now) {
    if (scaleUp != null) {
      recommender.storeScaleEvent(scaleUp, scaleDown, from, to, now);
    }
  }
}
