package io.scaleproof.cluster.sim.autoscaling;

import java.util.List;

/**
 * One direction of an HPA's {@code behavior} ({@code scaleUp} or {@code scaleDown}) after the API
 * server's defaulting: a stabilization window, rate-limiting policies and how to choose among them.
 */
public record ScalingRules(
    int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<Policy> policies) {

  public enum SelectPolicy {
    Max,
    Min,
    Disabled
  }

  public enum PolicyType {
    Pods,
    Percent
  }

  public record Policy(PolicyType type, int value, int periodSeconds) {}

  /**
   * {@code behavior.scaleUp} defaulted as {@code autoscaling/v2} does: stabilization 0 s, {@code
   * Pods 4 / 15 s} and {@code Percent 100 / 15 s}, {@code Max}. Fields given in {@code declared}
   * (null when absent) win.
   */
  public static ScalingRules scaleUp(
      Integer stabilizationWindowSeconds, SelectPolicy selectPolicy, List<Policy> policies) {
    return new ScalingRules(
        stabilizationWindowSeconds == null ? 0 : stabilizationWindowSeconds,
        selectPolicy == null ? SelectPolicy.Max : selectPolicy,
        policies == null || policies.isEmpty()
            ? List.of(new Policy(PolicyType.Pods, 4, 15), new Policy(PolicyType.Percent, 100, 15))
            : List.copyOf(policies));
  }

  /**
   * {@code behavior.scaleDown} defaulted: stabilization from the controller's flag (300 s) when
   * unset, {@code Percent 100 / 15 s}, {@code Max}.
   */
  public static ScalingRules scaleDown(
      Integer stabilizationWindowSeconds,
      SelectPolicy selectPolicy,
      List<Policy> policies,
      int downscaleStabilizationSeconds) {
    return new ScalingRules(
        stabilizationWindowSeconds == null
            ? downscaleStabilizationSeconds
            : stabilizationWindowSeconds,
        selectPolicy == null ? SelectPolicy.Max : selectPolicy,
        policies == null || policies.isEmpty()
            ? List.of(new Policy(PolicyType.Percent, 100, 15))
            : List.copyOf(policies));
  }

  /** The longest policy period, which bounds how long a scale event matters. */
  int longestPeriodSeconds() {
    return policies.stream().mapToInt(Policy::periodSeconds).max().orElse(0);
  }
}
