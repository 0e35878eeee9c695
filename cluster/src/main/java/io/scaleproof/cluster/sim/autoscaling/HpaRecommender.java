package io.scaleproof.cluster.sim.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the Kubernetes HPA controller ({@code horizontal.go}) that turns the metrics'
 * proposal into the replica count, for one HPA: the recommendation history and stabilization, the
 * scale-up limit when no {@code behavior} is set, and with a {@code behavior} the stabilization
 * windows, the rate-limiting policies and the record of scale events they read. The controller
 * keeps this state in memory per HPA; so does this class.
 *
 * <p>Cutoffs are exactly upstream's: without behavior a recommendation made exactly at the cutoff
 * still counts; with behavior, windows and policy periods count only what is strictly newer.
 *
 * <p>Larger than 300 lines because stabilization, the rate limits and the scale-event record read
 * and write one per-HPA history, as upstream's controller keeps them together.
 */
public final class HpaRecommender {
  private static final int SCALE_UP_LIMIT_FACTOR = 2;
  private static final int SCALE_UP_LIMIT_MINIMUM = 4;

  /** A recommendation made at a time. */
  public record Recommendation(int replicas, Instant timestamp) {}

  /** A rescale: the change in replicas (always positive), when, and whether it is reusable. */
  public record ScaleEvent(int replicaChange, Instant timestamp, boolean outdated) {
    ScaleEvent markedOutdated() {
      return new ScaleEvent(replicaChange, timestamp, true);
    }
  }

  /** What the HPA decides, with the reasons it writes into its AbleToScale and ScalingLimited. */
  public record Decision(
      int replicas,
      int stabilized,
      String ableToScaleReason,
      String ableToScaleMessage,
      boolean limited,
      String limitReason,
      String limitMessage) {}

  private final List<Recommendation> recommendations = new ArrayList<>();
  private final List<ScaleEvent> scaleUpEvents = new ArrayList<>();
  private final List<ScaleEvent> scaleDownEvents = new ArrayList<>();
  private final Duration downscaleStabilization;

  /**
   * @param downscaleStabilization the controller flag {@code
   *     --horizontal-pod-autoscaler-downscale-stabilization}, 5 minutes by default
   */
  public HpaRecommender(Duration downscaleStabilization) {
    this.downscaleStabilization = downscaleStabilization;
  }

  /** Seeds the history at the first reconcile, as {@code recordInitialRecommendation} does. */
  public void recordInitial(int currentReplicas, Instant now) {
    if (recommendations.isEmpty()) {
      recommendations.add(new Recommendation(currentReplicas, now));
    }
  }

  public List<Recommendation> recommendations() {
    return List.copyOf(recommendations);
  }

  public List<ScaleEvent> scaleUpEvents() {
    return List.copyOf(scaleUpEvents);
  }

  public List<ScaleEvent> scaleDownEvents() {
    return List.copyOf(scaleDownEvents);
  }

  /** Replaces the history, for a test that starts from upstream's fixtures. */
  public void restore(
      List<Recommendation> recommendations, List<ScaleEvent> scaleUp, List<ScaleEvent> scaleDown) {
    this.recommendations.clear();
    this.recommendations.addAll(recommendations);
    this.scaleUpEvents.clear();
    this.scaleUpEvents.addAll(scaleUp);
    this.scaleDownEvents.clear();
    this.scaleDownEvents.addAll(scaleDown);
  }

  /**
   * Without {@code behavior} ({@code normalizeDesiredReplicas}): the highest recommendation of the
   * downscale window (inclusive cutoff), then min, max and the scale-up limit max(2 × current, 4).
   */
  public Decision normalize(
      int current, int desired, int minReplicas, int maxReplicas, Instant now) {
    int stabilized = stabilize(desired, now);
    String ableReason;
    String ableMessage;
    if (stabilized != desired) {
      ableReason = "ScaleDownStabilized";
      ableMessage =
          "recent recommendations were higher than current one, applying the highest recent"
              + " recommendation";
    } else {
      ableReason = "ReadyForNewScale";
      ableMessage = "recommended size matches current size";
    }
    int scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
    int maximumAllowed;
    String upReason;
    String upMessage;
    if (maxReplicas > scaleUpLimit) {
      maximumAllowed = scaleUpLimit;
      upReason = "ScaleUpLimit";
      upMessage = "the desired replica count is increasing faster than the maximum scale rate";
    } else {
      maximumAllowed = maxReplicas;
      upReason = "TooManyReplicas";
      upMessage = "the desired replica count is more than the maximum replica count";
    }
    int minimumAllowed;
    String downMessage;
    if (minReplicas == 0) {
      minimumAllowed = 1;
      downMessage = "the desired replica count is zero";
    } else {
      minimumAllowed = minReplicas;
      downMessage = "the desired replica count is less than the minimum replica count";
    }
    if (stabilized < minimumAllowed) {
      return new Decision(
          minimumAllowed, stabilized, ableReason, ableMessage, true, "TooFewReplicas", downMessage);
    }
    if (stabilized > maximumAllowed) {
      return new Decision(
          maximumAllowed, stabilized, ableReason, ableMessage, true, upReason, upMessage);
    }
    return new Decision(
        stabilized,
        stabilized,
        ableReason,
        ableMessage,
        false,
        "DesiredWithinRange",
        "the desired count is within the acceptable range");
  }

  /** {@code stabilizeRecommendation}: the highest of the window, and this one recorded. */
  int stabilize(int desired, Instant now) {
    int highest = desired;
    int oldIndex = -1;
    Instant cutoff = now.minus(downscaleStabilization);
    for (int i = 0; i < recommendations.size(); i++) {
      Recommendation recommendation = recommendations.get(i);
      if (recommendation.timestamp().isBefore(cutoff)) {
        oldIndex = i;
      } else if (recommendation.replicas() > highest) {
        highest = recommendation.replicas();
      }
    }
    setOrAdd(recommendations, oldIndex, new Recommendation(desired, now));
    return highest;
  }

  /**
   * With {@code behavior} ({@code normalizeDesiredReplicasWithBehaviors}): stabilized between the
   * lowest recommendation of the scale-up window and the highest of the scale-down window (both
   * strictly newer than their cutoff), then limited by the policies and min/max.
   */
  public Decision normalizeWithBehavior(
      int current,
      int desired,
      int minReplicas,
      int maxReplicas,
      ScalingRules scaleUp,
      ScalingRules scaleDown,
      Instant now) {
    int stabilized = stabilizeWithBehaviors(current, desired, scaleUp, scaleDown, now);
    String ableReason;
    String ableMessage;
    if (stabilized == desired) {
      ableReason = "ReadyForNewScale";
      ableMessage = "recommended size matches current size";
    } else if (desired >= current) {
      ableReason = "ScaleUpStabilized";
      ableMessage =
          "recent recommendations were lower than current one, applying the lowest recent"
              + " recommendation";
    } else {
      ableReason = "ScaleDownStabilized";
      ableMessage =
          "recent recommendations were higher than current one, applying the highest recent"
              + " recommendation";
    }
    Limited limited =
        limitByBehaviorRate(current, stabilized, minReplicas, maxReplicas, scaleUp, scaleDown, now);
    return new Decision(
        limited.replicas(),
        stabilized,
        ableReason,
        ableMessage,
        limited.replicas() != stabilized,
        limited.reason(),
        limited.message());
  }

  /** A replica count after the rate limits, and the ScalingLimited reason that goes with it. */
  public record Limited(int replicas, String reason, String message) {}

  /**
   * {@code stabilizeRecommendationWithBehaviors}: the current count held between the lowest
   * recommendation of the scale-up window and the highest of the scale-down window (both strictly
   * newer than their cutoffs, and both including {@code desired}); {@code desired} is recorded,
   * reusing the last entry older than both cutoffs.
   */
  public int stabilizeWithBehaviors(
      int current, int desired, ScalingRules scaleUp, ScalingRules scaleDown, Instant now) {
    Instant upCutoff = now.minusSeconds(scaleUp.stabilizationWindowSeconds());
    Instant downCutoff = now.minusSeconds(scaleDown.stabilizationWindowSeconds());
    int upRecommendation = desired;
    int downRecommendation = desired;
    int oldIndex = -1;
    for (int i = 0; i < recommendations.size(); i++) {
      Recommendation recommendation = recommendations.get(i);
      if (recommendation.timestamp().isAfter(upCutoff)) {
        upRecommendation = Math.min(recommendation.replicas(), upRecommendation);
      }
      if (recommendation.timestamp().isAfter(downCutoff)) {
        downRecommendation = Math.max(recommendation.replicas(), downRecommendation);
      }
      if (recommendation.timestamp().isBefore(upCutoff)
          && recommendation.timestamp().isBefore(downCutoff)) {
        oldIndex = i;
      }
    }
    int stabilized = current;
    if (stabilized < upRecommendation) {
      stabilized = upRecommendation;
    }
    if (stabilized > downRecommendation) {
      stabilized = downRecommendation;
    }
    setOrAdd(recommendations, oldIndex, new Recommendation(desired, now));
    return stabilized;
  }

  /**
   * {@code convertDesiredReplicasWithBehaviorRate}: up to the scale-up policies' limit (never below
   * the current count) and max, down to the scale-down policies' limit (never above the current
   * count) and min.
   */
  public Limited limitByBehaviorRate(
      int current,
      int desired,
      int minReplicas,
      int maxReplicas,
      ScalingRules scaleUp,
      ScalingRules scaleDown,
      Instant now) {
    if (desired > current) {
      int limit =
          Math.max(current, scaleUpLimit(current, scaleUpEvents, scaleDownEvents, scaleUp, now));
      if (maxReplicas > limit) {
        if (desired > limit) {
          return new Limited(
              limit,
              "ScaleUpLimit",
              "the desired replica count is increasing faster than the maximum scale rate");
        }
      } else if (desired > maxReplicas) {
        return new Limited(
            maxReplicas,
            "TooManyReplicas",
            "the desired replica count is more than the maximum replica count");
      }
    } else if (desired < current) {
      int limit =
          Math.min(
              current, scaleDownLimit(current, scaleUpEvents, scaleDownEvents, scaleDown, now));
      if (minReplicas < limit) {
        if (desired < limit) {
          return new Limited(
              limit,
              "ScaleDownLimit",
              "the desired replica count is decreasing faster than the maximum scale rate");
        }
      } else if (desired < minReplicas) {
        return new Limited(
            minReplicas,
            "TooFewReplicas",
            "the desired replica count is less than the minimum replica count");
      }
    }
    return new Limited(
        desired, "DesiredWithinRange", "the desired count is within the acceptable range");
  }

  /**
   * {@code storeScaleEvent}, after a rescale with a behavior: events older than the direction's
   * longest policy period become reusable, and the last reusable slot takes the new event.
   */
  public void storeScaleEvent(
      ScalingRules scaleUp, ScalingRules scaleDown, int previous, int replicas, Instant now) {
    boolean up = replicas > previous;
    List<ScaleEvent> events = up ? scaleUpEvents : scaleDownEvents;
    int longest = (up ? scaleUp : scaleDown).longestPeriodSeconds();
    Instant cutoff = now.minusSeconds(longest);
    int oldIndex = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).timestamp().isBefore(cutoff)) {
        events.set(i, events.get(i).markedOutdated());
      }
      if (events.get(i).outdated()) {
        oldIndex = i;
      }
    }
    setOrAdd(events, oldIndex, new ScaleEvent(Math.abs(replicas - previous), now, false));
  }

  /** {@code calculateScaleUpLimitWithScalingRules}. */
  static int scaleUpLimit(
      int current,
      List<ScaleEvent> upEvents,
      List<ScaleEvent> downEvents,
      ScalingRules rules,
      Instant now) {
    if (rules.selectPolicy() == ScalingRules.SelectPolicy.Disabled) {
      return current;
    }
    boolean min = rules.selectPolicy() == ScalingRules.SelectPolicy.Min;
    long result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (ScalingRules.Policy policy : rules.policies()) {
      int start = periodStartReplicas(current, policy, upEvents, downEvents, now);
      long proposed =
          policy.type() == ScalingRules.PolicyType.Pods
              ? (long) start + policy.value()
              : (long) Math.ceil(start * (1 + policy.value() / 100.0));
      result = min ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return (int) result;
  }

  /** {@code calculateScaleDownLimitWithBehaviors}; Percent truncates toward zero, as Go does. */
  static int scaleDownLimit(
      int current,
      List<ScaleEvent> upEvents,
      List<ScaleEvent> downEvents,
      ScalingRules rules,
      Instant now) {
    if (rules.selectPolicy() == ScalingRules.SelectPolicy.Disabled) {
      return current;
    }
    boolean min = rules.selectPolicy() == ScalingRules.SelectPolicy.Min;
    long result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (ScalingRules.Policy policy : rules.policies()) {
      int start = periodStartReplicas(current, policy, upEvents, downEvents, now);
      long proposed =
          policy.type() == ScalingRules.PolicyType.Pods
              ? (long) start - policy.value()
              : (long) (start * (1 - policy.value() / 100.0));
      result = min ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return (int) result;
  }

  /**
   * {@code periodStartReplicas}: the count before the policy's period, the scale-ups within it
   * taken back and the scale-downs put back.
   */
  private static int periodStartReplicas(
      int current,
      ScalingRules.Policy policy,
      List<ScaleEvent> upEvents,
      List<ScaleEvent> downEvents,
      Instant now) {
    return current
        - changeIn(policy.periodSeconds(), upEvents, now)
        + changeIn(policy.periodSeconds(), downEvents, now);
  }

  /** {@code getReplicasChangePerPeriod}: the changes strictly within the last period. */
  static int changeIn(int periodSeconds, List<ScaleEvent> events, Instant now) {
    Instant cutoff = now.minusSeconds(periodSeconds);
    int change = 0;
    for (ScaleEvent event : events) {
      if (event.timestamp().isAfter(cutoff)) {
        change += event.replicaChange();
      }
    }
    return change;
  }

  /** Reuses the slot at {@code index} (an outdated entry) when there is one, as upstream does. */
  private static <T> void setOrAdd(List<T> list, int index, T item) {
    if (index >= 0) {
      list.set(index, item);
    } else {
      list.add(item);
    }
  }
}
